// Package limits is a line-echo server that protects itself. It serves at
// most MaxConns clients at once, turning the rest away or keeping them
// waiting; a handler that panics costs one connection, not the process; and
// a temporary Accept failure, such as running out of file descriptors, is
// waited out instead of ending the server. Stage 04's lifecycle comes with
// it: a graceful shutdown when ctx is cancelled, and an idle timeout.
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
	DefaultMaxConns = 100              // as in the lecture
	DefaultMaxLine  = 64 << 10         // bytes
	DefaultIdle     = 30 * time.Second // as in the lecture
	DefaultDrain    = 5 * time.Second
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
	MaxConns int           // clients served at once; 0 means DefaultMaxConns
	Policy   Policy        // what to do with a client over the limit; "" means Reject
	MaxLine  int           // the longest line, in bytes; 0 means DefaultMaxLine
	Idle     time.Duration // close a connection silent this long; 0 means DefaultIdle
	Drain    time.Duration // how long a shutdown waits for handlers; 0 means DefaultDrain

	// Handler serves one connection; nil means the line echo. ctx is
	// cancelled when the server shuts down, and a handler blocked in Read
	// is then woken by a read deadline in the past. The server closes the
	// connection when Handler returns, logs its error, and contains its
	// panics, so Handler may simply return or even panic.
	Handler func(ctx context.Context, conn net.Conn) error

	// Sleep pauses the accept loop after a temporary error. Nil means a
	// timer that ctx cuts short. Tests replace it to record the delays
	// rather than wait them out.
	Sleep func(ctx context.Context, d time.Duration)

	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
}

// Serve accepts connections on ln and serves each in its own goroutine,
// never more than MaxConns at once, until ctx is cancelled or ln is closed.
// Then it shuts down as in stage 04: new dials are refused, every handler
// is woken, the line echo answers the lines it has read and says Goodbye,
// and Serve waits for the handlers, up to the drain timeout. It returns
// nil after a clean shutdown; the Accept error if ln failed for good; and
// an error saying how many connections it cut if the drain timed out.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// However the accept loop ends (cancel, a closed listener, a broken
	// one), the handlers must hear about it, so they all watch this
	// context and not the caller's.
	ctx, shutdown := context.WithCancel(ctx)
	defer shutdown()
	s.logger().Info("serving", "max-conns", s.maxConns(), "policy", s.policy(),
		"max-line", orDefault(s.MaxLine, DefaultMaxLine), "idle", orDefault(s.Idle, DefaultIdle), "drain", s.drainTimeout())

	// Stop accepting once ctx is done: closing ln is what wakes a blocked
	// Accept, with net.ErrClosed, and makes the kernel refuse new dials.
	context.AfterFunc(ctx, func() { ln.Close() })

	live := new(connSet)
	err := s.accept(ctx, ln, live)
	shutdown()
	return errors.Join(err, s.drain(live))
}

// accept runs the accept loop until ln is closed (or, waiting for a slot,
// until ctx is done) and returns nil then, or the error of a listener that
// failed for good. Every connection it serves is tracked in live.
func (s *Server) accept(ctx context.Context, ln net.Listener, live *connSet) error {
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
		live.add(conn)
		go s.serveConn(ctx, conn, live, slots.release)
	}
}

// serveConn runs the handler for one connection that holds a slot.
func (s *Server) serveConn(ctx context.Context, conn net.Conn, live *connSet, release func()) {
	// Deferred calls run last in, first out, and they run during a panic
	// too: recover, stop watching ctx, close the connection, give the slot
	// back, and last tell the drain this handler is done. No way out of
	// the handler skips any of them: a clean return, an error, the idle
	// timeout, a shutdown, a panic.
	defer live.remove(conn)
	defer release()
	defer conn.Close()
	// Wake the handler when the server shuts down. A read deadline in the
	// past fails a blocked Read at once but leaves a reply being written
	// alone.
	wake := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer wake()
	log := s.logger().With("remote", conn.RemoteAddr().String())
	defer func() {
		if v := recover(); v != nil {
			// The stack is the panicking goroutine's: recover runs on
			// top of it. Without it the log says what, never where.
			log.Error("handler panicked; closing its connection", "panic", v, "stack", string(debug.Stack()))
		}
	}()

	log.Info("connected")
	logEnd(log, s.handler()(ctx, conn))
}

// logEnd logs how a handler ended. The reasons the line echo gives for
// hanging up are normal events; anything else is a warning.
func logEnd(log *slog.Logger, err error) {
	switch {
	case err == nil:
		log.Info("disconnected")
	case errors.Is(err, errShutdown), errors.Is(err, errIdle), errors.Is(err, ErrLineTooLong):
		log.Info("disconnected", "reason", err)
	default:
		log.Warn("disconnected with an error", "err", err)
	}
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
// or the machine is out of file descriptors or socket memory for a moment.
// Anything else, above all a closed or broken listener, will not improve
// by retrying.
var temporaryErrnos = []error{
	syscall.EMFILE,  // too many open files in this process
	syscall.ENFILE,  // too many open files on the machine
	syscall.ENOBUFS, // no buffer space for the socket
	syscall.ENOMEM,  // no memory for the socket
	// A client that hung up between its handshake and our Accept. On
	// Unix, Go's runtime (internal/poll) retries this inside Accept, so
	// it never gets here; it is listed for other platforms and for
	// listeners that are not the net package's, where it is as harmless.
	syscall.ECONNABORTED,
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

func (s *Server) handler() func(context.Context, net.Conn) error {
	if s.Handler != nil {
		return s.Handler
	}
	return EchoLines(s.MaxLine, s.Idle)
}

func (s *Server) maxConns() int { return orDefault(s.MaxConns, DefaultMaxConns) }

func (s *Server) drainTimeout() time.Duration { return orDefault(s.Drain, DefaultDrain) }

func (s *Server) policy() Policy {
	if s.Policy == "" {
		return Reject
	}
	return s.Policy
}

// orDefault returns v, or def when v is not positive.
func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

func (s *Server) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
