// Package shutdown is your line echo server from stage 02, now with a
// lifecycle: it shuts down gracefully when its context is cancelled, and
// closes connections that have gone quiet.
//
// The line echo is written; the TODOs are the lifecycle. Work through them
// in order. Run the checks with
//
//	go test ./stage04-shutdown/...
//
// and read the first failure: it says what each client sent and received,
// when the server was told to stop, and which TODO to open.
package shutdown

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"
)

// Defaults, used when a Server field is zero.
const (
	DefaultMaxLine = 64 << 10         // bytes in a line, not counting "\n" or "\r\n"
	DefaultIdle    = 30 * time.Second // as in the lecture
	DefaultDrain   = 5 * time.Second
)

// What a client is told, each on a line of its own, before the server
// hangs up on it.
const (
	Goodbye       = "server shutting down\n"
	IdleNotice    = "idle timeout\n"
	TooLongNotice = "error: line too long\n"
)

// Why a conversation ended, when the client did not end it.
var (
	errShutdown = errors.New("server shutting down")
	errIdle     = errors.New("idle timeout")
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

	// TODO(1): step 1 of a shutdown is to stop accepting: once ctx is
	// cancelled, new dials must be refused. Accept does not watch ctx, so
	// cancelling it alone wakes nothing.

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

// drain is the last step of a shutdown: it waits for the handlers, which
// ctx has already woken, for up to the drain timeout. Then it closes the
// connections that are left and reports how many it cut.
func (s *Server) drain(live *connSet) error {
	log, limit := s.logger(), s.drainTimeout()
	open := live.count()
	log.Warn("draining", "open", open, "timeout", limit)

	// TODO(3): step 3 is to wait until every handler has returned, however
	// many are still running. A program exits when Serve returns, and takes
	// any handler still writing a reply with it.

	// TODO(4): ...but for no longer than limit, which a WaitGroup alone
	// cannot do. Past it, close the connections left, let their handlers
	// return all the same, and return an error that says how many you cut.

	log.Info("drained", "connections", open)
	return nil
}

// handle serves one connection and closes it. Its errors belong to this
// client alone, so they are logged, never returned.
func (s *Server) handle(ctx context.Context, conn net.Conn) {
	defer conn.Close()
	log := s.logger().With("remote", conn.RemoteAddr().String())
	log.Info("connected")
	n, err := s.converse(ctx, conn)
	switch {
	case err == nil:
		log.Info("disconnected", "lines", n)
	case errors.Is(err, errShutdown), errors.Is(err, errIdle), errors.Is(err, ErrLineTooLong):
		log.Info("closed", "lines", n, "reason", err)
	default:
		log.Warn("connection failed", "lines", n, "err", err)
	}
}

// converse answers lines until the client leaves, falls silent, sends a
// line that is too long, or the server shuts down. It reports how many
// lines it answered and why it stopped (nil when the client left).
func (s *Server) converse(ctx context.Context, conn net.Conn) (int, error) {
	// TODO(2): step 2 is to wake this handler, most likely blocked in Read,
	// once ctx is cancelled. A reply being written must still go out whole,
	// and the wake-up must not outlive the handler. Then finish in farewell.

	r := newLineReader(conn, s.maxLine()) // in linereader.go, written for you
	w := bufio.NewWriter(conn)
	for n := 0; ; n++ {
		// TODO(5): the idle timeout: a client silent for s.idle(), counted from
		// its last line and not from the connect, is sent away. Never undo a
		// wake-up of TODO(2) that has already fired. Then finish it in farewell.
		line, err := r.readLine()
		// TODO(5), continued: a client that stops reading is as gone as one
		// that stops sending. Neither the reply nor the farewell may keep
		// this handler blocked in Write for longer than s.idle().
		if err != nil {
			return n, s.farewell(ctx, w, err)
		}
		w.Write(line) // a bufio.Writer keeps its first error; Flush reports it
		w.WriteByte('\n')
		// Replies wait in w while more complete lines are buffered, so a
		// burst goes out in a few large writes; then flush, because the
		// client is waiting for us.
		if !r.waiting() {
			if err := w.Flush(); err != nil {
				return n, err
			}
		}
	}
}

// farewell ends a conversation after readLine failed with err. It tells
// the client why, when there is a reason to give, and returns the reason
// (nil when the client left).
func (s *Server) farewell(ctx context.Context, w *bufio.Writer, err error) error {
	switch {
	case errors.Is(err, io.EOF):
		return w.Flush()
	case errors.Is(err, ErrLineTooLong):
		return say(w, TooLongNotice, err)
	// TODO(2), continued: a Read failed by your wake-up means the server is
	// shutting down: the client gets Goodbye, and the reason is errShutdown.
	// An idle timeout fails Read the same way; only ctx tells them apart.
	// TODO(5), continued: the same failure while ctx is not done means the
	// client was idle: it gets IdleNotice, and the reason is errIdle.
	default:
		return err
	}
}

// say sends the client a last line, after any replies still buffered, and
// returns why.
func say(w *bufio.Writer, notice string, why error) error {
	w.WriteString(notice)
	if err := w.Flush(); err != nil {
		return errors.Join(why, err)
	}
	return why
}

// connSet is the set of open connections: shutdown waits for their
// handlers and, when they take too long, closes them.
type connSet struct {
	wg sync.WaitGroup // one per handler still running
	mu sync.Mutex     // guards m
	m  map[net.Conn]struct{}
}

func (cs *connSet) add(c net.Conn) {
	cs.wg.Add(1)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.m == nil {
		cs.m = make(map[net.Conn]struct{})
	}
	cs.m[c] = struct{}{}
}

func (cs *connSet) remove(c net.Conn) {
	cs.mu.Lock()
	delete(cs.m, c)
	cs.mu.Unlock()
	cs.wg.Done()
}

func (cs *connSet) count() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return len(cs.m)
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
