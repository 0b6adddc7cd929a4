package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

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
