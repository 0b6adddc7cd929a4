package mutants

import (
	"fmt"
	"sync"
)

// MissedKept is a student's own outbox, a slice resliced from the front
// (as cheap as a ring), whose take reports the dropped lines but never
// sets the count back to 0. From the first drop on, every take has a
// notice to give, so the writer never waits: it sends "* missed N" again
// and again, as fast as the client reads.
var MissedKept = serveWith(func(r *room) {
	r.newOutbox = func(limit int) outbox { return &missedKept{limit: limit, ready: make(chan struct{}, 1)} }
})

type missedKept struct {
	mu       sync.Mutex
	lines    []string
	limit    int
	greeting string
	missed   int
	closed   bool
	ready    chan struct{}
}

func (o *missedKept) greet(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.greeting = line
	o.wake()
}

func (o *missedKept) push(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	if len(o.lines) == o.limit {
		o.lines = o.lines[1:]
		o.missed++
	}
	o.lines = append(o.lines, line)
	o.wake()
}

func (o *missedKept) wake() {
	select {
	case o.ready <- struct{}{}:
	default:
	}
}

func (o *missedKept) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.wake()
}

func (o *missedKept) take() ([]string, int, bool) {
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
		o.lines = nil // BUG: o.missed is not set back to 0
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
