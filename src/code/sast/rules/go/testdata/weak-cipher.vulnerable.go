package main

import "crypto/des"

func legacyBlock(key []byte) error {
	// ruleid: vigil.sast.go.weak-cipher
	_, err := des.NewTripleDESCipher(key)
	return err
}
