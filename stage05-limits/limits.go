// Package limits is your line-echo server, made to protect itself. It
// serves at most MaxConns clients at once, turning the rest away or keeping
// them waiting; a handler that panics costs one connection, not the
// process; and a temporary Accept failure, such as running out of file
// descriptors, is waited out instead of ending the server.
//
// The line echo from stage 02 is already written, in lines.go. Work through
// the TODOs in this file in order. Run the checks with
//
//	go test ./stage05-limits/...
//
// and read the first failure: it says what each client sent and received,
// and which TODO to open.
package limits

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"
)

// Busy is what a client over the limit is told, under the Reject policy,
// before its connection is closed.
const Busy = "server busy, try again later\n"

// Defaults for a zero Server.
const (
	DefaultMaxConns = 100      // as in the lecture
	DefaultMaxLine  = 64 << 10 // bytes
)

// Policy says what happens to a client that arrives when every slot is
// taken. It is a flag.Value, so a command can take it as -policy.
type Policy string

const (
	// Reject accepts the client, tells it Busy and closes the connection:
	// the lecture's try_acquire.
	Reject Policy = "reject"
	// Wait leaves the client in the kernel's accept backlog until a slot
	// frees, then serves it normally: the lecture's acquire before accept.
	Wait Policy = "wait"
)

// String returns the policy's name. (The zero Policy, "", acts as Reject.)
func (p *Policy) String() string {
	if p == nil {
		return ""
	}
	return string(*p)
}

// Set parses a policy name.
func (p *Policy) Set(s string) error {
	switch Policy(s) {
	case Reject, Wait:
		*p = Policy(s)
		return nil
	}
	return fmt.Errorf("unknown policy %q: want %q or %q", s, Reject, Wait)
}

// Server is a line-echo server with a connection limit. The zero value
// serves DefaultMaxConns clients at once and rejects the rest.
type Server struct {
	MaxConns int    // clients served at once; 0 means DefaultMaxConns
	Policy   Policy // what to do with a client over the limit; "" means Reject
	MaxLine  int    // the longest line, in bytes; 0 means DefaultMaxLine

	// Handler serves one connection; nil means the line echo. The server
	// closes the connection when Handler returns, logs its error, and
	// contains its panics, so Handler may simply return or even panic.
	Handler func(conn net.Conn) error

	// Sleep pauses the accept loop after a temporary error. Nil means a
	// timer that ctx cuts short. Tests replace it to record the delays
	// rather than wait them out: always pause through s.sleep.
	Sleep func(ctx context.Context, d time.Duration)

	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
}

// Serve accepts connections on ln and serves each in its own goroutine,
// never more than MaxConns at once. It returns nil when ctx is cancelled or
// ln is closed, and the Accept error when ln fails for good.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// Cancelling ctx closes the listener: that is what wakes a blocked
	// Accept.
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()

	slots := make(semaphore, s.maxConns())
	_, _, _, _ = slots.tryAcquire, slots.acquire, s.reject, s.sleep // delete this line once your code uses them all

	for {
		// TODO(4): the wait policy. If s.Policy == Wait, take a slot
		// HERE, before Accept, with slots.acquire(ctx): a client over the
		// limit then stays in the kernel's backlog, unaccepted, and costs
		// the server nothing. If ctx ends while you wait, return nil. If
		// Accept then fails, give the slot back (slots.release()).
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			// TODO(5): not every Accept error is the end. Write
			// isTemporary(err): true if errors.Is finds syscall.EMFILE,
			// ENFILE, ENOBUFS, ENOMEM or ECONNABORTED in it. For those, log
			// a warning, pause with s.sleep(ctx, delay), and continue. The
			// delay starts at 5 ms, doubles after each further error, never
			// exceeds 1 s, and goes back to 5 ms after an Accept succeeds.
			// Any other error ends Serve: return it (wrapped is fine).
			return err
		}

		// TODO(1): the reject policy (any Policy but Wait). Take a slot
		// without waiting: slots.tryAcquire(). If none is free, call
		// s.reject(conn) (and write it, below) and continue with the next
		// client. The handler then gets slots.release, to give it back.
		go s.serveConn(conn, slots.release)
	}
}

// serveConn runs the handler for one connection that holds a slot, and
// closes the connection when the handler is done.
func (s *Server) serveConn(conn net.Conn, release func()) {
	// TODO(2): give the slot back when serveConn ends, whichever way it
	// ends: a clean return, an error, or a panic. One deferred call does
	// it, because deferred calls run on every way out of a function.
	defer conn.Close()
	log := s.logger().With("remote", conn.RemoteAddr().String())

	// TODO(3): contain a panicking handler. Defer a function that calls
	// recover(); if it returns a value, log it with log.Error, together
	// with string(debug.Stack()) from runtime/debug: inside that deferred
	// function, the stack still shows where the panic happened. Mind the
	// order of the defers: they run last in, first out.

	log.Info("connected")
	if err := s.handler()(conn); err != nil {
		log.Warn("disconnected with an error", "err", err)
		return
	}
	log.Info("disconnected")
}

// reject tells a client over the limit why it is being turned away, and
// hangs up.
func (s *Server) reject(conn net.Conn) {
	// TODO(1), continued: write Busy to conn before closing it, so that
	// the client knows to come back later instead of guessing. Set a
	// write deadline first (conn.SetWriteDeadline, a second from now), so
	// that a client that never reads cannot stall the accept loop. Log
	// it: s.logger().Info("rejected", "remote", conn.RemoteAddr().String()).
	conn.Close()
}

// semaphore counts the slots in use. A buffered channel is the classic
// semaphore: it holds one token per connection being served, and its
// capacity is the limit, so a send blocks (or, in a select with a default,
// fails) exactly when every slot is taken.
type semaphore chan struct{}

// tryAcquire takes a slot if one is free, without waiting.
func (s semaphore) tryAcquire() bool {
	select {
	case s <- struct{}{}:
		return true
	default:
		return false
	}
}

// acquire waits for a free slot and reports whether it got one before ctx
// was done.
func (s semaphore) acquire(ctx context.Context) bool {
	select {
	case s <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// release gives a slot back.
func (s semaphore) release() { <-s }

// sleep waits d, or until ctx is done, so that a server backing off can
// still be stopped at once. Tests replace it through s.Sleep.
func (s *Server) sleep(ctx context.Context, d time.Duration) {
	if s.Sleep != nil {
		s.Sleep(ctx, d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (s *Server) handler() func(net.Conn) error {
	if s.Handler != nil {
		return s.Handler
	}
	return EchoLines(s.MaxLine)
}

func (s *Server) maxConns() int {
	if s.MaxConns <= 0 {
		return DefaultMaxConns
	}
	return s.MaxConns
}

func (s *Server) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
