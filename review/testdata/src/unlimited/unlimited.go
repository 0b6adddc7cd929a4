// Package unlimited holds the cases of unlimited-goroutines.
package unlimited

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
)

func handle(conn net.Conn) {
	defer conn.Close()
	io.Copy(conn, conn)
}

func serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go handle(conn) // want `^unlimited-goroutines: a goroutine per accepted connection, and no slot taken first`
	}
}

type server struct{ live int }

// spawn starts the goroutine for serveVia.
func (s *server) spawn(conn net.Conn) {
	s.live++
	go handle(conn)
}

func (s *server) serveVia(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		s.spawn(conn) // want `no slot taken first`
	}
}

// The cases below must give no finding.

type semaphore chan struct{}

func (s semaphore) tryAcquire() bool {
	select {
	case s <- struct{}{}:
		return true
	default:
		return false
	}
}

func (s semaphore) release() { <-s }

func limited(ln net.Listener, slots semaphore) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if !slots.tryAcquire() {
			conn.Close()
			continue
		}
		go func() {
			defer slots.release()
			handle(conn)
		}()
	}
}

func waits(ln net.Listener, slots chan struct{}) error {
	for {
		slots <- struct{}{}
		conn, err := ln.Accept()
		if err != nil {
			<-slots
			return err
		}
		go func() {
			defer func() { <-slots }()
			handle(conn)
		}()
	}
}

func counted(ln net.Listener, live *atomic.Int64) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if live.Add(1) > 100 {
			live.Add(-1)
			conn.Close()
			continue
		}
		go handle(conn)
	}
}

// admitted asks a function value, which may well take a slot.
func admitted(ln net.Listener, admit func(net.Conn) bool) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if admit(conn) {
			go handle(conn)
		}
	}
}

// unwritten is a starter's stub: the slot's functions are named, not yet called.
func unwritten(ln net.Listener, slots semaphore) error {
	_, _ = slots.tryAcquire, slots.release // delete this line once your code uses them
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go handle(conn)
	}
}

// counter is a slot counter of a student's own design: a count under a
// mutex, whose try reports whether it took a slot.
type counter struct {
	mu     sync.Mutex
	n, max int
}

func (c *counter) try() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= c.max {
		return false
	}
	c.n++
	return true
}

func (c *counter) done() {
	c.mu.Lock()
	c.n--
	c.mu.Unlock()
}

// countedByMutex limits its connections with the counter: no finding.
func countedByMutex(ln net.Listener, c *counter) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if !c.try() {
			conn.Close()
			continue
		}
		go func() {
			defer c.done()
			handle(conn)
		}()
	}
}

// tracked keeps a set of live connections under a mutex, and no limit:
// the set's add guards a map but takes no slot.
type tracked struct {
	mu sync.Mutex
	m  map[net.Conn]bool
}

func (t *tracked) add(conn net.Conn) {
	t.mu.Lock()
	t.m[conn] = true
	t.mu.Unlock()
}

func trackedOnly(ln net.Listener, live *tracked) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		live.add(conn)
		go handle(conn) // want `no slot taken first`
	}
}
