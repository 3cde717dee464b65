package main

import (
	"crypto/md5"
	"encoding/hex"
)

func passwordHash(password, salt string) string {
	// ruleid: vigil.sast.go.weak-hash
	sum := md5.Sum([]byte(salt + password))
	return hex.EncodeToString(sum[:])
}
