// Package mutants holds known-wrong stage 05 servers, one per common
// mistake. The solutions' tests prove that the limitstest suite rejects
// each one, with the check named next to it.
//
// Every mutant is the correct server below with one part swapped for a
// faulty one; the swap is marked // BUG: in the mutant's file.
package mutants

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

	limits "tcpworkbook/solutions/stage05-limits"
	"tcpworkbook/stage05-limits/limitstest"
)

// Serve is the signature of every mutant, as limitstest.Impl wants it.
type Serve func(ctx context.Context, ln net.Listener, cfg limitstest.Config) error

// Servers maps each mutant's name, as TestMutants knows it, to its server.
var Servers = map[string]Serve{
	"silent-reject":        SilentReject,
	"no-release-on-error":  NoReleaseOnError,
	"no-release-on-panic":  NoReleaseOnPanic,
	"no-recover":           NoRecover,
	"wait-rejects":         WaitRejects,
	"acquire-after-accept": AcquireAfterAccept,
	"wait-ignores-cancel":  WaitIgnoresCancel,
	"exit-on-temporary":    ExitOnTemporary,
	"spin":                 Spin,
	"no-backoff-reset":     NoBackoffReset,
	"retry-everything":     RetryEverything,
	"watcher-leak":         WatcherLeak,
}

// server is a correct server made of parts a mutant can replace.
type server struct {
	cfg   limitstest.Config
	slots chan struct{}

	// waitForSlot runs before Accept under the wait policy; false stops
	// Serve.
	waitForSlot func(ctx context.Context) bool
	// admit runs after a successful Accept; false means conn was turned
	// away (and closed).
	admit func(conn net.Conn) bool
	// acceptFailed decides what a failed Accept means: retry (nil) or
	// stop with the returned error. delay is the backoff state.
	acceptFailed func(ctx context.Context, err error, delay *time.Duration) error
	// succeeded runs after every successful Accept.
	succeeded func(delay *time.Duration)
	// serveConn runs the handler for one admitted connection.
	serveConn func(ctx context.Context, conn net.Conn)
}

func newServer(cfg limitstest.Config) *server {
	s := &server{cfg: cfg, slots: make(chan struct{}, cfg.MaxConns)}
	s.waitForSlot = s.acquire
	s.admit = s.tryAdmit
	s.acceptFailed = s.backOff
	s.succeeded = func(delay *time.Duration) { *delay = 0 }
	s.serveConn = s.handle
	return s
}

func (s *server) serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var delay time.Duration
	for {
		if s.cfg.Policy == "wait" && !s.waitForSlot(ctx) {
			return nil
		}
		conn, err := ln.Accept()
		if err != nil {
			if s.cfg.Policy == "wait" {
				<-s.slots
			}
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			if err := s.acceptFailed(ctx, err, &delay); err != nil {
				return err
			}
			continue
		}
		s.succeeded(&delay)
		if s.cfg.Policy != "wait" && !s.admit(conn) {
			continue
		}
		go s.serveConn(ctx, conn)
	}
}

func (s *server) acquire(ctx context.Context) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *server) tryAdmit(conn net.Conn) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	default:
		conn.SetWriteDeadline(time.Now().Add(time.Second))
		io.WriteString(conn, limitstest.Busy)
		conn.Close()
		return false
	}
}

func (s *server) backOff(ctx context.Context, err error, delay *time.Duration) error {
	if !temporary(err) {
		return fmt.Errorf("accept: %w", err)
	}
	*delay = next(*delay)
	s.sleep(ctx, *delay)
	return nil
}

func next(d time.Duration) time.Duration {
	if d == 0 {
		return 5 * time.Millisecond
	}
	return min(2*d, time.Second)
}

func temporary(err error) bool {
	for _, errno := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.ECONNABORTED} {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}

func (s *server) sleep(ctx context.Context, d time.Duration) {
	if s.cfg.Sleep != nil {
		s.cfg.Sleep(ctx, d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (s *server) handle(_ context.Context, conn net.Conn) {
	defer func() { <-s.slots }()
	defer conn.Close()
	defer s.recoverPanic()
	s.handler()(conn)
}

func (s *server) recoverPanic() {
	if v := recover(); v != nil {
		s.log().Error("handler panicked", "panic", v, "stack", string(debug.Stack()))
	}
}

func (s *server) handler() func(net.Conn) error {
	if s.cfg.Handler != nil {
		return s.cfg.Handler
	}
	return limits.EchoLines(s.cfg.MaxLine)
}

func (s *server) log() *slog.Logger {
	if s.cfg.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.cfg.Log
}
