from Crypto.Cipher import AES, DES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_legacy(key, data):
    # ruleid: vigil.sast.python.weak-cipher
    return DES.new(key, DES.MODE_CBC).encrypt(data)


def encrypt_block(key, data):
    # ruleid: vigil.sast.python.weak-cipher
    return AES.new(key, AES.MODE_ECB).encrypt(data)


def encryptor(key):
    # ruleid: vigil.sast.python.weak-cipher
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()
