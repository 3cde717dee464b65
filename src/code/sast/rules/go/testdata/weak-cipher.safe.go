package main

import (
	"crypto/aes"
	"crypto/cipher"
)

func sealer(key []byte) (cipher.AEAD, error) {
	// ok: vigil.sast.go.weak-cipher
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
