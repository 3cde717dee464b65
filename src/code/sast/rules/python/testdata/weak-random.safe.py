import random
import secrets


def reset_token():
    # ok: vigil.sast.python.weak-random
    token = secrets.token_urlsafe(32)
    return token


def retry_delay(attempt):
    # ok: vigil.sast.python.weak-random
    jitter = random.random()
    return 2**attempt + jitter
