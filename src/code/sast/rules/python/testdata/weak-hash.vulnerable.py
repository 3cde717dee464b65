import hashlib


def password_hash(password, salt):
    # ruleid: vigil.sast.python.weak-hash
    return hashlib.md5((salt + password).encode()).hexdigest()


def token_digest(token):
    # ruleid: vigil.sast.python.weak-hash
    return hashlib.new("sha1", token.encode()).hexdigest()
