// Package limits is a line-echo server that protects itself. It serves at
// most MaxConns clients at once, turning the rest away or keeping them
// waiting; a handler that panics costs one connection, not the process; and
// a temporary Accept failure, such as running out of file descriptors, is
// waited out instead of ending the server.
package limits

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"syscall"
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

// The backoff after a temporary Accept error: 5 ms, doubling up to 1 s,
// back to 5 ms after any success. These are net/http's numbers.
const (
	firstRetry = 5 * time.Millisecond
	maxRetry   = time.Second
)

// rejectTimeout bounds the write of Busy. The line is far smaller than a
// socket buffer, so it never waits in practice, but a deadline means the
// accept loop cannot be stalled by a client that never reads.
const rejectTimeout = time.Second

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
	// rather than wait them out.
	Sleep func(ctx context.Context, d time.Duration)

	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
}

// Serve accepts connections on ln and serves each in its own goroutine,
// never more than MaxConns at once. It returns nil when ctx is cancelled or
// ln is closed, and the Accept error when ln fails for good.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// Cancelling ctx closes the listener: that is what wakes a blocked
	// Accept. (Closing ln alone is noticed at the next Accept.)
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()

	slots := make(semaphore, s.maxConns())
	var delay time.Duration // the current backoff; zero after a success
	for {
		// Waiting happens here, before Accept: a client over the limit
		// stays in the kernel's backlog and costs us nothing, not even a
		// file descriptor.
		if s.Policy == Wait && !slots.acquire(ctx) {
			return nil
		}
		conn, err := ln.Accept()
		if err != nil {
			if s.Policy == Wait {
				slots.release() // taken for a connection that never came
			}
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			if !isTemporary(err) {
				return fmt.Errorf("accept: %w", err)
			}
			delay = backoff(delay)
			s.logger().Warn("accept failed; retrying", "err", err, "in", delay)
			s.sleep(ctx, delay)
			continue
		}
		delay = 0
		if s.Policy != Wait && !slots.tryAcquire() {
			s.reject(conn)
			continue
		}
		go s.serveConn(conn, slots.release)
	}
}

// serveConn runs the handler for one connection that holds a slot.
func (s *Server) serveConn(conn net.Conn, release func()) {
	// Deferred calls run last in, first out, and they run during a panic
	// too: recover, then close the connection, then give the slot back.
	// No way out of the handler skips any of them.
	defer release()
	defer conn.Close()
	log := s.logger().With("remote", conn.RemoteAddr().String())
	defer func() {
		if v := recover(); v != nil {
			// The stack is the panicking goroutine's: recover runs on
			// top of it. Without it the log says what, never where.
			log.Error("handler panicked; closing its connection", "panic", v, "stack", string(debug.Stack()))
		}
	}()

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
	defer conn.Close()
	s.logger().Info("rejected", "remote", conn.RemoteAddr().String(), "reason", "every slot is taken", "max", s.maxConns())
	conn.SetWriteDeadline(time.Now().Add(rejectTimeout))
	if _, err := io.WriteString(conn, Busy); err != nil {
		s.logger().Debug("could not tell a rejected client", "err", err)
	}
}

// semaphore counts the slots in use: a buffered channel holds one token
// per connection being served, and its capacity is the limit.
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

// temporaryErrnos are the Accept failures worth waiting out: the process
// or the machine is out of file descriptors or memory for a moment, or a
// client gave up between its handshake and our Accept. Anything else,
// above all a closed or broken listener, will not improve by retrying.
var temporaryErrnos = []error{
	syscall.EMFILE,       // too many open files in this process
	syscall.ENFILE,       // too many open files on the machine
	syscall.ENOBUFS,      // no buffer space
	syscall.ENOMEM,       // no memory for the socket
	syscall.ECONNABORTED, // the client left before we accepted it
}

// isTemporary reports whether Accept may succeed if tried again later.
// net/http asks the deprecated net.Error.Temporary; naming the errnos says
// what is meant, and errors.Is finds them inside *net.OpError.
func isTemporary(err error) bool {
	for _, errno := range temporaryErrnos {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}

// backoff returns the pause after another temporary error, given the
// previous pause (zero if the last Accept succeeded).
func backoff(prev time.Duration) time.Duration {
	if prev == 0 {
		return firstRetry
	}
	return min(2*prev, maxRetry)
}

// sleep waits d, or until ctx is done, so that a server backing off can
// still be stopped at once.
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
