import hashlib


def digest(data):
    # ok: vigil.sast.python.weak-hash
    return hashlib.sha256(data).hexdigest()


def etag(body):
    # ok: vigil.sast.python.weak-hash
    return hashlib.md5(body, usedforsecurity=False).hexdigest()
