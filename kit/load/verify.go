package load

import (
	"fmt"
	"math/rand/v2"
)

// pattern returns n bytes, fixed by id, to send on connection id.
func pattern(id, n int) []byte {
	r := rand.New(rand.NewPCG(uint64(id), 0x5eed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// mismatch describes the first difference between an echo and what was
// sent, at stream offset off.
func mismatch(got, want []byte, off int64) error {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Errorf("echo differs at byte %d: got %q, want %q", off+int64(i), snip(got, i), snip(want, i))
}

func snip(p []byte, i int) []byte { return p[i:min(len(p), i+16)] }
