// Package unlimited holds the cases of unlimited-goroutines.
package unlimited

import (
	"io"
	"net"
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
