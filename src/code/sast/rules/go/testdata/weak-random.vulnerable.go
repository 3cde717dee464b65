package main

import (
	"fmt"
	"math/rand"
)

func resetToken() string {
	// ruleid: vigil.sast.go.weak-random
	token := fmt.Sprintf("%016x", rand.Int63())
	return token
}
