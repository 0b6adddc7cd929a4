package perf

import (
	"net"
	"syscall"
)

// readable returns a function that blocks until conn has something to
// read (data, EOF or an error) without needing a buffer to read it into.
//
// Go parks a goroutine waiting on a socket inside the runtime's network
// poller; syscall.RawConn.Read exposes that wait. It calls check with the
// socket's descriptor; check peeks at one byte without consuming it or
// blocking, and returns false when there is nothing yet, which tells the
// runtime to park the goroutine until the socket becomes readable and then
// call check again. The read deadline applies, as for conn.Read.
//
// Everything is allocated here, once per connection, so the wait itself
// allocates nothing.
func readable(conn net.Conn) func() error {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return func() error { return nil } // not a socket: borrow at once
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return func() error { return nil }
	}
	w := &waiter{raw: raw}
	w.check = w.peekReady
	return w.wait
}

// waiter holds the state of readable's wait for one connection.
type waiter struct {
	raw    syscall.RawConn
	check  func(fd uintptr) bool // w.peekReady, bound once
	err    error                 // what the last peek found wrong
	parked bool                  // check has returned false once in this wait
	one    [1]byte               // where a peek copies its byte
}

func (w *waiter) wait() error {
	w.err, w.parked = nil, false
	if err := w.raw.Read(w.check); err != nil {
		return err // a deadline, or the connection was closed
	}
	return w.err
}

// peekReady reports whether a read on fd would return without blocking.
func (w *waiter) peekReady(fd uintptr) bool {
	if w.parked {
		// The poller woke us because data arrived. Trust it and save a
		// system call per message: in the rare spurious wake-up, Read
		// simply blocks with its buffer, as a plain server always does.
		return true
	}
	for {
		err := peek(fd, w.one[:])
		switch err {
		case nil:
			return true // a byte, or EOF: Read will say which
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			w.parked = true
			return false // nothing yet: park until the poller wakes us
		default:
			w.err = err
			return true
		}
	}
}
