// Package shutdown is a line echo server with a lifecycle. It stops
// gracefully when its context is cancelled: it stops accepting, lets every
// connection finish the line it is on, says goodbye, and waits for the
// handlers, up to a drain timeout. A connection that sends nothing for the
// idle timeout is told so and closed, and so is one that leaves a reply
// unread for as long.
//
// The files are split by what stage 05 carries: lines.go (the line echo),
// linereader.go and drain.go go into stage 05's starter unchanged.
package shutdown

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"time"
)

// Defaults, used when a Server field is zero.
const (
	DefaultMaxLine = 64 << 10         // bytes in a line, not counting "\n" or "\r\n"
	DefaultIdle    = 30 * time.Second // as in the lecture
	DefaultDrain   = 5 * time.Second
)

// Server answers every line a client sends with the same line.
type Server struct {
	MaxLine int           // longest line accepted; 0 means DefaultMaxLine
	Idle    time.Duration // close a connection silent this long; 0 means DefaultIdle
	Drain   time.Duration // how long shutdown waits for handlers; 0 means DefaultDrain
	Log     *slog.Logger  // a line per connection event; nil discards them
}

// Serve accepts connections on ln until ctx is cancelled or ln is closed.
// Then it shuts down: new dials are refused, every connection finishes the
// reply it is writing, gets Goodbye and is closed. Serve returns nil once
// every handler has returned, or, if some have not within the drain
// timeout, closes their connections and returns an error that says how
// many there were.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// However the accept loop ends (cancel, a closed listener, a failing
	// Accept), the handlers must hear about it, so they all watch this
	// context and not the caller's.
	ctx, shutdown := context.WithCancel(ctx)
	defer shutdown()
	s.logger().Info("serving", "max-line", s.maxLine(), "idle", s.idle(), "drain", s.drainTimeout())

	// Step 1: stop accepting. Accept does not watch ctx; closing the
	// listener is what makes it return, with net.ErrClosed.
	context.AfterFunc(ctx, func() { ln.Close() })

	live := new(connSet)
	err := s.accept(ctx, ln, live)
	shutdown()
	return errors.Join(err, s.drain(live))
}

// accept runs the accept loop: each connection gets its own goroutine,
// tracked in live. It returns nil once ln is closed.
func (s *Server) accept(ctx context.Context, ln net.Listener, live *connSet) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		live.add(conn)
		go func() {
			defer live.remove(conn)
			s.handle(ctx, conn)
		}()
	}
}

// handle serves one connection with the line echo and closes it. Its
// errors belong to this client alone, so they are logged, never returned.
func (s *Server) handle(ctx context.Context, conn net.Conn) {
	defer conn.Close()
	// Step 2: wake this handler when the server shuts down. A read
	// deadline in the past makes a blocked Read return at once. A reply
	// being written is left alone (its write deadline is the idle
	// timeout's), so it still goes out whole; conn.Close or SetDeadline
	// here would cut it.
	wake := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer wake()
	log := s.logger().With("remote", conn.RemoteAddr().String())
	log.Info("connected")
	switch err := converse(ctx, conn, s.maxLine(), s.idle()); {
	case err == nil:
		log.Info("disconnected")
	case errors.Is(err, errShutdown), errors.Is(err, errIdle), errors.Is(err, ErrLineTooLong):
		log.Info("closed", "reason", err)
	default:
		log.Warn("connection failed", "err", err)
	}
}

func (s *Server) maxLine() int { return orDefault(s.MaxLine, DefaultMaxLine) }

func (s *Server) idle() time.Duration { return orDefault(s.Idle, DefaultIdle) }

func (s *Server) drainTimeout() time.Duration { return orDefault(s.Drain, DefaultDrain) }

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
