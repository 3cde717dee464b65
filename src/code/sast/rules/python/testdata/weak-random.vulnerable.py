import random
import string


def reset_token():
    # ruleid: vigil.sast.python.weak-random
    token = "".join(random.choices(string.ascii_letters, k=32))
    return token


def make_otp():
    # ruleid: vigil.sast.python.weak-random
    return random.randint(100000, 999999)
