package check

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
)

// RandomBytes returns n bytes that are the same for the same seed, and,
// when n is at least 256, include every byte value: binary data that a
// server must pass through untouched.
func RandomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	if n >= 256 {
		for v := range 256 {
			b[v*(n/256)] = byte(v)
		}
	}
	return b
}

// Describe renders what a Serve returned, for a sentence: "nil", or
// "the error \"…\"".
func Describe(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, net.ErrClosed):
		return fmt.Sprintf("%q (the listener was closed)", err)
	default:
		return fmt.Sprintf("the error %q", err)
	}
}
