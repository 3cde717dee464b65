# Documentation placeholders: no key material between the markers.
# ok: vigil.secrets.private-key
PLACEHOLDER = """-----BEGIN RSA PRIVATE KEY-----
...
-----END RSA PRIVATE KEY-----"""
# ok: vigil.secrets.private-key
TEMPLATE = "-----BEGIN PRIVATE KEY-----\n{key}\n-----END PRIVATE KEY-----"
# Public keys and certificates are not secrets.
# ok: vigil.secrets.private-key
PUBLIC = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEr3Xv0lJ2c8uJ5w3lKj2S7u3aOe4e6KmXb0t6LQm0a6Xb0t6LQm0a6Xb0t6LQm0a6Xb0t6LQm0a6Xb0t6LQw==
-----END PUBLIC KEY-----"""
# Base64 that is not DER (all zero bytes).
# ok: vigil.secrets.private-key
ZEROS = """-----BEGIN RSA PRIVATE KEY-----
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
-----END RSA PRIVATE KEY-----"""
