// Package shutdown is a line echo server with a lifecycle. It stops
// gracefully when its context is cancelled: it stops accepting, lets every
// connection finish the line it is on, says goodbye, and waits for the
// handlers, up to a drain timeout. A connection that sends nothing for the
// idle timeout is told so and closed.
package shutdown

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
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

// ErrLineTooLong is what readLine returns for a line over the limit.
var ErrLineTooLong = errors.New("line too long")

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

// drain is the last step of a shutdown: it waits for the handlers, which
// ctx has already woken, for up to the drain timeout. Then it closes the
// connections that are left, which fails their pending Read or Write, and
// reports how many it cut.
func (s *Server) drain(live *connSet) error {
	log, limit := s.logger(), s.drainTimeout()
	open := live.count()
	log.Warn("draining", "open", open, "timeout", limit)

	done := make(chan struct{})
	go func() {
		live.wg.Wait()
		close(done)
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-done:
		log.Info("drained", "connections", open)
		return nil
	case <-timer.C:
	}
	cut := live.closeAll()
	<-done // every handler is failing its Read or Write now
	log.Warn("drained, but cut some off", "connections", open-cut, "cut", cut)
	return fmt.Errorf("shutdown: cut %d of %d connections: they did not finish within %v", cut, open, limit)
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
	// Step 2: wake this handler when the server shuts down. A read
	// deadline in the past makes a blocked Read return at once. Writes
	// keep no deadline, so a reply being written still goes out whole;
	// conn.Close or SetDeadline here would cut it.
	wake := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer wake()

	maxLine := s.maxLine()
	r := bufio.NewReaderSize(conn, maxLine+len("\r\n"))
	w := bufio.NewWriter(conn)
	for n := 0; ; n++ {
		s.extendIdle(ctx, conn)
		line, err := readLine(r, maxLine)
		if err != nil {
			return n, s.farewell(ctx, w, err)
		}
		w.Write(line) // a bufio.Writer keeps its first error; Flush reports it
		w.WriteByte('\n')
		// Replies wait in w while more complete lines are buffered, so a
		// burst goes out in a few large writes; then flush, because the
		// client is waiting for us.
		if !lineWaiting(r) {
			if err := w.Flush(); err != nil {
				return n, err
			}
		}
	}
}

// extendIdle gives the client the idle timeout, from now, to send its next
// line. Deadlines are points in time, not durations: one set when the
// client connected would cut it off mid-conversation.
func (s *Server) extendIdle(ctx context.Context, conn net.Conn) {
	conn.SetReadDeadline(time.Now().Add(s.idle()))
	// That replaced the wake-up's deadline if the shutdown has begun: the
	// wake-up fires once, perhaps while this handler was writing its last
	// reply. Checking ctx after setting the deadline catches that.
	if ctx.Err() != nil {
		conn.SetReadDeadline(time.Now())
	}
}

// farewell ends a conversation after readLine failed with err. It tells
// the client why, when there is a reason to give, and returns the reason
// (nil when the client left).
func (s *Server) farewell(ctx context.Context, w *bufio.Writer, err error) error {
	switch {
	case errors.Is(err, io.EOF):
		return w.Flush()
	case errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() != nil:
		return say(w, Goodbye, errShutdown) // woken by step 2
	case errors.Is(err, os.ErrDeadlineExceeded):
		return say(w, IdleNotice, errIdle)
	case errors.Is(err, ErrLineTooLong):
		return say(w, TooLongNotice, err)
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

// readLine returns the next line from r without its "\n" or "\r\n". The
// slice is valid until the next read from r, whose buffer must hold
// maxLine+2 bytes.
//
// A last line cut short by EOF is still a line; the call after it returns
// io.EOF. A line cut short by any other error, such as a deadline, is
// dropped.
func readLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, ErrLineTooLong // a full buffer and still no "\n"
	case errors.Is(err, io.EOF) && len(line) > 0:
	case err != nil:
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r")) // telnet sends "\r\n"
	if len(line) > maxLine {
		return nil, ErrLineTooLong
	}
	return line, nil
}

// lineWaiting reports whether r already holds a complete line, so that
// the next readLine will not wait for the network.
func lineWaiting(r *bufio.Reader) bool {
	buffered, _ := r.Peek(r.Buffered()) // never blocks: the bytes are there
	return bytes.IndexByte(buffered, '\n') >= 0
}

// connSet is the set of open connections: shutdown waits for their
// handlers and, when they take too long, closes them.
type connSet struct {
	wg sync.WaitGroup // one per handler still running
	mu sync.Mutex
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

// closeAll closes every connection still open and reports how many there
// were.
func (cs *connSet) closeAll() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c := range cs.m {
		c.Close()
	}
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
