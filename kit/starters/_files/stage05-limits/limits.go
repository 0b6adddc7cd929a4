// Package limits is your line-echo server, made to protect itself. It
// serves at most MaxConns clients at once, turning the rest away or keeping
// them waiting; a handler that panics costs one connection, not the
// process; and a temporary Accept failure, such as running out of file
// descriptors, is waited out instead of ending the server.
//
// Everything from earlier stages is already written: stage 02's line echo
// and stage 04's idle timeout in lines.go and linereader.go, stage 04's
// graceful shutdown in Serve, serveConn and shutdown.go. Work through the TODOs in this file in
// order. Run the checks with
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
	DefaultMaxConns = 100              // as in the lecture
	DefaultMaxLine  = 64 << 10         // bytes
	DefaultIdle     = 30 * time.Second // as in the lecture
	DefaultDrain    = 5 * time.Second
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
	// rather than wait them out: always pause through s.sleep.
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
//
// Serve is stage 04's, already written: your work is in accept and
// serveConn.
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
// failed for good. Every connection it serves is tracked in live, so that
// the shutdown can wait for it.
func (s *Server) accept(ctx context.Context, ln net.Listener, live *connSet) error {
	_, _ = s.reject, s.sleep // delete this line once your code uses them both

	for {
		// TODO(4): the wait policy, the lecture's acquire before accept: a
		// client over the limit waits unaccepted, costing the server nothing;
		// a cancelled ctx ends that wait with nil, and a failed Accept gives its slot back.
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil // the shutdown (or our caller) closed ln: stop
		}
		if err != nil {
			// TODO(5): not every Accept error is fatal. Ride out a temporary
			// one (no file descriptors or memory left) with a growing pause,
			// never a spin; return any other, cause intact. The stub does neither.
			return fmt.Errorf("TODO(5): sort out this Accept error: %v", err)
		}

		// TODO(1): the reject policy, the lecture's try_acquire, for any
		// Policy but Wait: never more than MaxConns handlers at once (the slot
		// counter is yours), and a client over the limit is turned away at once.
		live.add(conn)
		go s.serveConn(ctx, conn, live, func() {})
	}
}

// serveConn runs the handler for one connection that holds a slot, and
// closes the connection when the handler is done.
func (s *Server) serveConn(ctx context.Context, conn net.Conn, live *connSet, release func()) {
	// Deferred calls run last in, first out. This one runs last of all:
	// it tells the shutdown's drain that this handler is done.
	defer live.remove(conn)
	// TODO(2): like the lecture's _permit, the slot comes back when
	// serveConn ends, whichever way it ends (an error, the idle timeout, a
	// shutdown, a panic), and exactly once: never lost, never given twice.
	defer conn.Close()
	// Stage 04's wake-up: when the server shuts down, a read deadline in
	// the past fails the handler's blocked Read at once, but leaves a
	// reply being written alone.
	wake := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer wake()
	log := s.logger().With("remote", conn.RemoteAddr().String())

	// TODO(3): a panicking handler is a per-connection error, not a fatal
	// one: contain it in this goroutine, log its value and where it
	// happened, and still let the connection close and the slot come back.

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
	// TODO(1), continued: tell the client Busy before hanging up, so it
	// comes back later instead of guessing; a client that never reads must
	// not stall the accept loop, and the log says who was turned away.
	conn.Close()
}

// The slots, how many handlers run at once and how to take or wait for a
// free one, are a design of your own: the lecture's Semaphore, a buffered
// channel (see the README), or a counter under a lock. serveConn is handed
// the way to give a slot back.

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
