import os

from Crypto.Cipher import AES
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt(key, data):
    nonce = os.urandom(12)
    # ok: vigil.sast.python.weak-cipher
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def encrypt2(key, data):
    # ok: vigil.sast.python.weak-cipher
    return AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)
