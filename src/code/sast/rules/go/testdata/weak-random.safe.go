package main

import (
	"crypto/rand"
	"encoding/hex"
	mrand "math/rand"
	"time"
)

func resetToken() string {
	b := make([]byte, 16)
	// ok: vigil.sast.go.weak-random
	rand.Read(b)
	return hex.EncodeToString(b)
}

func backoff() time.Duration {
	// ok: vigil.sast.go.weak-random
	jitter := mrand.Intn(100)
	return time.Duration(jitter) * time.Millisecond
}
