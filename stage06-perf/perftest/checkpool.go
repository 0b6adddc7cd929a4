package perftest

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"

	"tcpworkbook/kit/check"
)

// checkPool is a Pool that counts what is borrowed and poisons what is
// returned: each buffer it takes back is filled with "POOL" before anyone
// can borrow it again, like a debugging allocator. It is slower than a
// sync.Pool and gives buffers back in last-in, first-out order, so a
// buffer returned too early is handed out again at once.
type checkPool struct {
	mu   sync.Mutex
	free []*[]byte
	out  map[*[]byte][]uintptr // each borrowed buffer, and the stack that borrowed it
	// untraced leaves the stacks out: recording one allocates, which the
	// allocs check must not count against the server.
	untraced bool
	gets     int
	problem  string
	// problemAt is the stack of the Put that made problem, when traced.
	problemAt []uintptr
}

func newCheckPool() *checkPool { return &checkPool{out: map[*[]byte][]uintptr{}} }

var poison = []byte("POOL")

func (p *checkPool) Get() *[]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gets++
	var b *[]byte
	if k := len(p.free); k > 0 {
		b, p.free = p.free[k-1], p.free[:k-1]
	} else {
		buf := make([]byte, 16<<10)
		b = &buf
	}
	// Who borrowed it, should it never come back: the server's frame
	// there names the code, and so the TODO, that keeps it.
	var pcs []uintptr
	if !p.untraced {
		pcs = make([]uintptr, 16)
		pcs = pcs[:runtime.Callers(2, pcs)]
	}
	p.out[b] = pcs
	return b
}

func (p *checkPool) Put(b *[]byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.out[b]; b == nil || !ok {
		if p.problem == "" {
			p.problem = msgPutUnborrowed
			if !p.untraced {
				p.problemAt = make([]uintptr, 16)
				p.problemAt = p.problemAt[:runtime.Callers(2, p.problemAt)]
			}
		}
		return
	}
	delete(p.out, b)
	*b = (*b)[:cap(*b)]
	for i := 0; i < len(*b); i += len(poison) {
		copy((*b)[i:], poison)
	}
	p.free = append(p.free, b)
}

type poolStats struct {
	gets, out int
	problem   string
}

func (p *checkPool) Stats() poolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return poolStats{gets: p.gets, out: len(p.out), problem: p.problem}
}

// explainPoison is a note for a failure report: what the poisoned bytes
// a client received mean. It says nothing when none arrived. When the
// pool has seen a buffer come back twice, that is what the report is
// about, whatever failed first: the second Put hands one buffer to two
// borrowers, and the poison or the wrong bytes follow from it.
func (p *checkPool) explainPoison(c *check.T) func() string {
	return func() string {
		if p.diagnosePutTwice(c) {
			return ""
		}
		if p.Stats().gets == 0 || !poisonArrived(c) {
			return ""
		}
		return msgPoison
	}
}

// poisonArrived reports whether the failure being reported shows the check
// pool's poison: bytes a client received that came from a buffer already
// given back. Any four bytes of "POOLPOOL…" hold one of these.
func poisonArrived(c *check.T) bool {
	got, _, ok := c.Mismatch()
	if !ok {
		return false
	}
	for _, r := range []string{"POOL", "OOLP", "OLPO", "LPOO"} {
		if bytes.Contains(got, []byte(r)) {
			return true
		}
	}
	return false
}

// failOnProblem fails the case if the pool saw a mistake, and points the
// report at the TODO of the code that made it: the second Put of a
// buffer is as much the mistake as the first, but only it can be told
// apart, so the report names its place and says where to look for the
// other.
func failOnProblem(c *check.T, p *checkPool) {
	c.Helper()
	if problem := p.Stats().problem; problem != "" {
		p.diagnosePutTwice(c)
		c.Failf(msgPoolProblem, problem)
	}
}

// diagnosePutTwice diagnoses a buffer given back twice, at the second
// Put's place and TODO, if the pool has seen one. It reports whether it
// had.
func (p *checkPool) diagnosePutTwice(c *check.T) bool {
	p.mu.Lock()
	problem, at := p.problem, p.problemAt
	p.mu.Unlock()
	if problem == "" {
		return false
	}
	if ss := sites(c, [][]uintptr{at}, []int64{1}); len(ss) > 0 && ss[0].todo != 0 {
		c.Diagnose(check.Symptom{ID: symptomPutTwice, Todo: ss[0].todo,
			Reading: fmt.Sprintf(readingPutTwice, ss[0].where)})
	}
	return true
}

// borrowers returns the stacks that borrowed the buffers still out.
func (p *checkPool) borrowers() [][]uintptr {
	p.mu.Lock()
	defer p.mu.Unlock()
	stacks := make([][]uintptr, 0, len(p.out))
	for _, pcs := range p.out {
		stacks = append(stacks, pcs)
	}
	return stacks
}
