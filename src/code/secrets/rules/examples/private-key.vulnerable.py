# Keys pasted into code, one of each format.
# ruleid: vigil.secrets.private-key
RSA_PKCS1 = """@@gen:rsa-pkcs1@@"""

# ruleid: vigil.secrets.private-key
EC_SEC1 = """@@gen:ec-sec1@@"""

# ruleid: vigil.secrets.private-key
PKCS8_RSA = """@@gen:pkcs8:rsa@@"""

# ruleid: vigil.secrets.private-key
PKCS8_ED25519 = """@@gen:pkcs8:ed25519@@"""

# ruleid: vigil.secrets.private-key
ENCRYPTED = """@@gen:pkcs8-encrypted@@"""

# ruleid: vigil.secrets.private-key
OPENSSH = """@@gen:openssh-ed25519@@"""
