package perftest

import "sync"

// checkPool is a Pool that counts what is borrowed and poisons what is
// returned: each buffer it takes back is filled with "POOL" before anyone
// can borrow it again, like a debugging allocator. It is slower than a
// sync.Pool and gives buffers back in last-in, first-out order, so a
// buffer returned too early is handed out again at once.
type checkPool struct {
	mu      sync.Mutex
	free    []*[]byte
	out     map[*[]byte]bool
	gets    int
	problem string
}

func newCheckPool() *checkPool { return &checkPool{out: map[*[]byte]bool{}} }

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
	p.out[b] = true
	return b
}

func (p *checkPool) Put(b *[]byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b == nil || !p.out[b] {
		if p.problem == "" {
			p.problem = msgPutUnborrowed
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

// explainPoison is a note for a failure report: what poisoned bytes in an
// echo would mean.
func (p *checkPool) explainPoison() string {
	if p.Stats().gets == 0 {
		return "" // nothing was borrowed, so nothing can have been poisoned
	}
	return msgPoison
}
