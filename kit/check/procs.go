package check

import "runtime"

// AtLeastProcs runs the rest of the case with at least n Ps. Some
// mistakes are two accesses of shared state a few instructions apart: an
// unlocked read beside a locked write, or a check and a change made in two
// lock sections (a GET then a SET). With one P (go test -cpu 1) nothing
// runs in between them, and on a busy machine an unrelated lock taken in
// between orders them for the race detector. With more Ps than cores, the
// OS stops a thread anywhere, so the case sees them however the machine
// runs it. Measured on two cores: stage 03's name-race caught a rename in
// two lock sections in 6 or 7 runs of 10 at two Ps, and in 9 or 10 at
// four, -race and -cpu 1 included; stage 07's incr-concurrent missed an
// INCR made of a GET and a SET at one P.
func (c *T) AtLeastProcs(n int) {
	if runtime.GOMAXPROCS(0) < n {
		prev := runtime.GOMAXPROCS(n)
		c.Cleanup(func() { runtime.GOMAXPROCS(prev) })
	}
}
