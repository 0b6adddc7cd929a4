// Package load drives an echo server over TCP and measures it. It has three
// modes: ping-pong (each connection sends a message and waits for its
// echo), stream (each connection writes as fast as the server echoes) and
// idle (many connections held open while the server's memory is read).
// Every byte that comes back is checked against what was sent.
//
// cmd/loadgen and the stage's benchmarks are built on it. Open dials the
// connections; Run drives them, so that a benchmark's clock can start
// after the dialling.
package load

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is what the connections do.
type Mode string

// The modes.
const (
	PingPong Mode = "pingpong"
	Stream   Mode = "stream"
	Idle     Mode = "idle"
)

// MaxConns bounds Config.Conns: one machine's ephemeral ports and file
// limits make more meaningless on loopback.
const MaxConns = 10_000

// Config says what to do.
type Config struct {
	Addr  string
	Mode  Mode
	Conns int
	// Size is the bytes per message (ping-pong) or per write (stream).
	Size int
	// Duration is how long to run; in idle mode, how long to hold the
	// connections open. Zero means until Messages are done.
	Duration time.Duration
	// Messages, if positive, stops the run after this many messages in
	// all: round trips in ping-pong, writes in stream.
	Messages int64
	// PID, if set, is the server's process (Linux only). In idle mode its
	// resident memory is read before and after the connections open; in
	// the other modes, the CPU time it uses during the run.
	PID int
	// Progress, if set, is updated while the run goes on.
	Progress *Progress
}

// Progress is what a run has done so far, safe to read while it runs.
type Progress struct {
	Connected atomic.Int64 // connections open
	Done      atomic.Int64 // messages (or, in idle mode, first echoes) done
	Errors    atomic.Int64
	Started   atomic.Int64 // when Run's clock started, in Unix nanoseconds
}

// Result is what a run measured.
type Result struct {
	Config
	Elapsed  time.Duration
	Messages int64 // round trips, or stream writes fully echoed
	Bytes    int64 // bytes echoed and verified
	Errors   int64 // connections that failed
	FirstErr error
	Latency  Histogram // round trip, or from a write to the end of its echo
	Open     int       // idle: connections held open at once
	// RSSBefore and RSSAfter are the server's resident memory, in bytes,
	// before the connections opened and while they were all idle.
	RSSBefore, RSSAfter int64
	// CPU is the time the server process used during a ping-pong or
	// stream run, when PID was given.
	CPU CPU
}

// MsgsPerSec is the message rate.
func (r *Result) MsgsPerSec() float64 { return float64(r.Messages) / r.Elapsed.Seconds() }

// MBPerSec is the rate of verified echo, in megabytes (10^6) a second.
func (r *Result) MBPerSec() float64 { return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds() }

// MemPerConn is the server's resident memory per idle connection, in
// bytes, or 0 when it was not measured.
func (r *Result) MemPerConn() float64 {
	if r.Open == 0 || r.RSSAfter == 0 {
		return 0
	}
	return float64(r.RSSAfter-r.RSSBefore) / float64(r.Open)
}

// CPUPerMsg is the server's CPU time per message, or 0 when it was not
// measured. Unlike the message rate, it does not depend on how fast the
// load generator is: it is what one message costs the server.
func (r *Result) CPUPerMsg() time.Duration {
	if r.Messages == 0 {
		return 0
	}
	return r.CPU.Total() / time.Duration(r.Messages)
}

// CPUBusy is the share of one CPU the server used during the run: near 1
// when the server was the bottleneck, lower when it waited for the load
// generator.
func (r *Result) CPUBusy() float64 {
	if r.Elapsed == 0 {
		return 0
	}
	return r.CPU.Total().Seconds() / r.Elapsed.Seconds()
}

// Check reports what is wrong with c, if anything.
func (c Config) Check() error {
	switch {
	case c.Mode != PingPong && c.Mode != Stream && c.Mode != Idle:
		return fmt.Errorf("mode %q: want pingpong, stream or idle", c.Mode)
	case c.Conns < 1 || c.Conns > MaxConns:
		return fmt.Errorf("conns %d: want 1 to %d", c.Conns, MaxConns)
	case c.Size < 1 || c.Size > 16<<20:
		return fmt.Errorf("size %d: want 1 byte to 16 MiB", c.Size)
	case c.Duration <= 0 && c.Messages <= 0 && c.Mode != Idle:
		return errors.New("give a duration or a message count, or the run never ends")
	case c.Duration < 0 || c.Duration > time.Hour:
		return fmt.Errorf("duration %v: want at most an hour", c.Duration)
	}
	return nil
}

// Session is a set of open connections, ready to Run.
type Session struct {
	cfg     Config
	conns   []net.Conn
	rssZero int64
	prog    *Progress
}

// dialers is how many connections are dialled at once, so that a burst of
// thousands does not overflow the server's accept backlog.
const dialers = 32

// Open checks cfg and dials its connections. In idle mode it also reads
// the server's memory first and echoes one message on each connection.
func Open(ctx context.Context, cfg Config) (*Session, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	s := &Session{cfg: cfg, conns: make([]net.Conn, cfg.Conns), prog: cfg.Progress}
	if s.prog == nil {
		s.prog = new(Progress)
	}
	if cfg.PID > 0 {
		if err := s.readServer(); err != nil {
			return nil, err
		}
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for range min(dialers, cfg.Conns) {
		wg.Go(func() {
			d := net.Dialer{Timeout: 5 * time.Second}
			for {
				i := int(next.Add(1) - 1)
				if i >= cfg.Conns || ctx.Err() != nil {
					return
				}
				conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
				if err == nil && cfg.Mode == Idle {
					err = hello(conn, i)
				}
				if err != nil {
					if conn != nil {
						conn.Close()
					}
					mu.Lock()
					errs = append(errs, fmt.Errorf("connection %d: %w", i, err))
					mu.Unlock()
					return
				}
				s.conns[i] = conn
				s.prog.Connected.Add(1)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		s.Close()
		return nil, fmt.Errorf("opened %d of %d connections: %w", s.prog.Connected.Load(), cfg.Conns, errors.Join(errs[:min(len(errs), 3)]...))
	}
	return s, ctx.Err()
}

// readServer reads the server's memory before an idle run, or checks
// that its CPU time can be read before any other.
func (s *Session) readServer() error {
	if s.cfg.Mode != Idle {
		_, err := ReadCPU(s.cfg.PID)
		return err
	}
	rss, err := ReadRSS(s.cfg.PID)
	s.rssZero = rss
	return err
}

// hello echoes one short message on a new idle connection.
func hello(conn net.Conn, i int) error {
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	defer conn.SetDeadline(time.Time{})
	msg := fmt.Appendf(nil, "idle %05d\n", i)
	if _, err := conn.Write(msg); err != nil {
		return err
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(conn, got); err != nil {
		return err
	}
	if !bytes.Equal(got, msg) {
		return fmt.Errorf("sent %q, echoed %q", msg, got)
	}
	return nil
}

// Close closes every connection.
func (s *Session) Close() {
	for _, c := range s.conns {
		if c != nil {
			c.Close()
		}
	}
}

// Run drives the connections as cfg says and returns what it measured. It
// returns early, with what it has, when ctx is cancelled.
func (s *Session) Run(ctx context.Context) *Result {
	if s.cfg.Mode == Idle {
		return s.idle(ctx)
	}
	var budget *atomic.Int64
	if s.cfg.Messages > 0 {
		budget = new(atomic.Int64)
		budget.Store(s.cfg.Messages)
	}
	cpu0 := s.serverCPU()
	start := time.Now()
	s.prog.Started.Store(start.UnixNano())
	var end time.Time
	if s.cfg.Duration > 0 {
		end = start.Add(s.cfg.Duration)
	}
	stop := context.AfterFunc(ctx, func() {
		for _, c := range s.conns {
			c.SetDeadline(time.Now()) // wake every blocked read and write
		}
	})
	defer stop()

	workers := make([]worker, len(s.conns))
	var wg sync.WaitGroup
	for i := range workers {
		w := &workers[i]
		*w = worker{id: i, conn: s.conns[i], size: s.cfg.Size, end: end, budget: budget, prog: s.prog}
		switch s.cfg.Mode {
		case PingPong:
			wg.Go(w.pingPong)
		case Stream:
			wg.Go(w.stream)
		}
	}
	wg.Wait()

	r := &Result{Config: s.cfg, Elapsed: time.Since(start)}
	if cpu1 := s.serverCPU(); cpu0 != nil && cpu1 != nil {
		r.CPU = cpu1.Sub(*cpu0)
	}
	for i := range workers {
		w := &workers[i]
		r.Messages += w.messages
		r.Bytes += w.bytes
		r.Latency.Merge(&w.latency)
		if w.err != nil && ctx.Err() == nil {
			r.Errors++
			if r.FirstErr == nil {
				r.FirstErr = fmt.Errorf("connection %d: %w", i, w.err)
			}
		}
	}
	return r
}

// serverCPU reads the server's CPU time, or returns nil when there is no
// PID or the process has gone.
func (s *Session) serverCPU() *CPU {
	if s.cfg.PID <= 0 {
		return nil
	}
	cpu, err := ReadCPU(s.cfg.PID)
	if err != nil {
		return nil // the run reports no CPU time; Open checked it once
	}
	return &cpu
}

// worker drives one connection.
type worker struct {
	id     int
	conn   net.Conn
	size   int
	end    time.Time     // zero: no time limit
	budget *atomic.Int64 // nil: no message limit
	prog   *Progress

	messages, bytes int64
	latency         Histogram
	err             error
}

// more reports whether another message should be sent.
func (w *worker) more() bool {
	if !w.end.IsZero() && !time.Now().Before(w.end) {
		return false
	}
	return w.budget == nil || w.budget.Add(-1) >= 0
}

// slack is how long past the end a connection may take to finish, before
// the server is declared stuck.
const slack = 10 * time.Second

// deadline is when the connection's reads and writes give up. Without a
// time limit it is pushed forward every few thousand messages.
func (w *worker) deadline() time.Time {
	if w.end.IsZero() {
		return time.Now().Add(slack)
	}
	return w.end.Add(slack)
}

func (w *worker) fail(err error) {
	w.err = err
	w.prog.Errors.Add(1)
}

// pingPong sends a message, waits for all of its echo, checks it, and
// goes again. The first eight bytes carry a sequence number, so an echo
// of an older message does not pass.
func (w *worker) pingPong() {
	out := pattern(w.id, w.size)
	in := make([]byte, w.size)
	var seq [8]byte
	w.conn.SetDeadline(w.deadline())
	for n := uint64(0); w.more(); n++ {
		if w.end.IsZero() && n%4096 == 4095 {
			w.conn.SetDeadline(w.deadline())
		}
		binary.LittleEndian.PutUint64(seq[:], n)
		copy(out, seq[:])
		start := time.Now()
		if _, err := w.conn.Write(out); err != nil {
			w.fail(err)
			return
		}
		if _, err := io.ReadFull(w.conn, in); err != nil {
			w.fail(err)
			return
		}
		w.latency.Record(time.Since(start))
		if !bytes.Equal(in, out) {
			w.fail(mismatch(in, out, int64(n)*int64(w.size)))
			return
		}
		w.messages++
		w.bytes += int64(w.size)
		w.prog.Done.Add(1)
	}
}

// ring is how many stream writes' start times are remembered for latency.
const ring = 4096

// stream writes from one goroutine and reads and checks the echo from
// another. When the time or the budget is up, the writer half-closes and
// the reader reads the rest, until the server's EOF.
func (w *worker) stream() {
	// The byte at stream offset x is pat[x%period]; pat runs on for Size
	// more bytes, repeating itself, so every write is one slice of it.
	const period = 4093 // prime, so the pattern drifts against Size
	pat := pattern(w.id, period)
	for len(pat) < period+w.size {
		pat = append(pat, pat[:min(period, period+w.size-len(pat))]...)
	}
	sentAt := make([]atomic.Int64, ring)
	var written atomic.Int64 // bytes fully written
	wrote := make(chan error, 1)
	w.conn.SetDeadline(w.deadline())

	go func() {
		var off int64
		for k := 0; w.more(); k++ {
			if w.end.IsZero() && k%1024 == 1023 {
				w.conn.SetWriteDeadline(w.deadline())
			}
			sentAt[k%ring].Store(time.Now().UnixNano())
			i := int(off % int64(period))
			n, err := w.conn.Write(pat[i : i+w.size])
			off += int64(n)
			written.Store(off)
			if err != nil {
				wrote <- err
				return
			}
		}
		wrote <- w.conn.(interface{ CloseWrite() error }).CloseWrite()
	}()

	buf := make([]byte, 64<<10)
	var got int64
	var readErr error
	for {
		if w.end.IsZero() {
			w.conn.SetReadDeadline(w.deadline())
		}
		n, err := w.conn.Read(buf)
		for p := buf[:n]; len(p) > 0; {
			i := int((got) % int64(period))
			k := min(len(p), w.size)
			if !bytes.Equal(p[:k], pat[i:i+k]) {
				readErr = mismatch(p[:k], pat[i:i+k], got)
				break
			}
			// Each write that is now fully echoed gives one latency sample.
			before, after := got/int64(w.size), (got+int64(k))/int64(w.size)
			for c := before; c < after; c++ {
				w.latency.Record(time.Duration(time.Now().UnixNano() - sentAt[c%ring].Load()))
				w.messages++
				w.prog.Done.Add(1)
			}
			got += int64(k)
			p = p[k:]
		}
		if readErr != nil {
			break
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			readErr = err
			break
		}
	}
	if readErr != nil {
		w.conn.Close() // unblock the writer
	}
	werr := <-wrote
	w.bytes = got
	switch {
	case readErr != nil:
		w.fail(readErr)
	case werr != nil:
		w.fail(werr)
	case got != written.Load():
		w.fail(fmt.Errorf("wrote %d bytes but %d came back before EOF", written.Load(), got))
	}
}

// idle holds the connections open, reads the server's memory, then echoes
// one more message on each to check that none was dropped.
func (s *Session) idle(ctx context.Context) *Result {
	start := time.Now()
	s.prog.Started.Store(start.UnixNano())
	r := &Result{Config: s.cfg, Open: len(s.conns), RSSBefore: s.rssZero}
	hold := s.cfg.Duration
	if hold <= 0 {
		hold = time.Second
	}
	select {
	case <-ctx.Done():
	case <-time.After(hold):
	}
	if s.cfg.PID > 0 {
		rss, err := ReadRSS(s.cfg.PID)
		if err != nil {
			r.FirstErr = err
		}
		r.RSSAfter = rss
	}
	var (
		wg     sync.WaitGroup
		next   atomic.Int64
		mu     sync.Mutex
		failed int64
	)
	for range min(dialers, len(s.conns)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(s.conns) {
					return
				}
				if err := hello(s.conns[i], i); err != nil {
					mu.Lock()
					failed++
					if r.FirstErr == nil {
						r.FirstErr = fmt.Errorf("connection %d after idling: %w", i, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	r.Errors = failed
	r.Messages = int64(len(s.conns)) - failed
	r.Elapsed = time.Since(start)
	return r
}

// pattern returns n bytes, fixed by id, to send on connection id.
func pattern(id, n int) []byte {
	r := rand.New(rand.NewPCG(uint64(id), 0x5eed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// mismatch describes the first difference between an echo and what was
// sent, at stream offset off.
func mismatch(got, want []byte, off int64) error {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Errorf("echo differs at byte %d: got %q, want %q", off+int64(i), snip(got, i), snip(want, i))
}

func snip(p []byte, i int) []byte { return p[i:min(len(p), i+16)] }
