package mutants

import (
	"fmt"
	"slices"
	"sync"
)

// CopyingOutbox keeps a client's lines in a plain slice and drops the
// oldest with slices.Delete(lines, 0, 1), which moves every other line one
// place down. push runs under the room's lock, so with a large -queue and a
// few clients that never read, each line said in the room waits for
// -queue copies per stalled client, and the whole room slows to a crawl.
var CopyingOutbox = serveWith(func(r *room) {
	r.newOutbox = func(limit int) outbox { return &copying{limit: limit, ready: make(chan struct{}, 1)} }
})

type copying struct {
	mu       sync.Mutex
	lines    []string
	limit    int
	greeting string
	missed   int
	closed   bool
	ready    chan struct{}
}

func (o *copying) greet(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.greeting = line
	o.wake()
}

func (o *copying) push(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	if len(o.lines) == o.limit {
		o.lines = slices.Delete(o.lines, 0, 1) // BUG: copies the whole queue, under the room's lock
		o.missed++
	}
	o.lines = append(o.lines, line)
	o.wake()
}

func (o *copying) wake() {
	select {
	case o.ready <- struct{}{}:
	default:
	}
}

func (o *copying) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.wake()
}

func (o *copying) take() ([]string, int, bool) {
	for {
		o.mu.Lock()
		var lines []string
		if o.greeting != "" {
			lines = append(lines, o.greeting)
			o.greeting = ""
		}
		if o.missed > 0 {
			lines = append(lines, fmt.Sprintf("* missed %d messages\n", o.missed))
		}
		lines = append(lines, o.lines...)
		missed, closed := o.missed, o.closed
		o.lines, o.missed = nil, 0
		o.mu.Unlock()
		if len(lines) > 0 {
			return lines, missed, true
		}
		if closed {
			return nil, 0, false
		}
		<-o.ready
	}
}
