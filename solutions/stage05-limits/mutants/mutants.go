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
	"sync"
	"syscall"
	"time"

	"tcpworkbook/kit/check"
	limits "tcpworkbook/solutions/stage05-limits"
	"tcpworkbook/stage05-limits/limitstest"
)

// Serve is the signature of every mutant, as limitstest.Impl wants it.
type Serve = check.Serve[limitstest.Config]

// All maps each mutant's name, as limitstest.Manifest.Mutants and the
// mutant command know it, to the suite's Impl with that one mistake.
var All = map[string]limitstest.Impl{
	"silent-reject":          {Serve: SilentReject},
	"no-release-on-error":    {Serve: NoReleaseOnError},
	"no-release-on-panic":    {Serve: NoReleaseOnPanic},
	"no-recover":             {Serve: NoRecover},
	"wait-rejects":           {Serve: WaitRejects},
	"acquire-after-accept":   {Serve: AcquireAfterAccept},
	"wait-ignores-cancel":    {Serve: WaitIgnoresCancel},
	"exit-on-temporary":      {Serve: ExitOnTemporary},
	"exit-out-of-files":      {Serve: ExitOnTemporary}, // the same mistake, against a real flood
	"spin":                   {Serve: Spin},
	"no-backoff-reset":       {Serve: NoBackoffReset},
	"retry-everything":       {Serve: RetryEverything},
	"watcher-leak":           {Serve: WatcherLeak},
	"no-idle":                {Serve: NoIdle},
	"closed-is-error":        {Serve: ClosedIsError},
	"canceled-is-error":      {Serve: CanceledIsError},
	"no-write-deadline":      {Serve: NoWriteDeadline},
	"never-rejects":          {Serve: NeverRejects},
	"sleep-ignores-ctx":      {Serve: SleepIgnoresCtx},
	"wait-keeps-failed-slot": {Serve: WaitKeepsFailedSlot},
	"reject-only-named":      {Serve: RejectOnlyNamed},
	"release-twice":          {Serve: ReleaseTwice},
}

// server is a correct server made of parts a mutant can replace.
type server struct {
	cfg   limitstest.Config
	slots chan struct{}

	// loop is the accept loop; it returns when the server should stop.
	loop func(ctx context.Context, ln net.Listener) error
	// waitForSlot runs before Accept under the wait policy; false stops
	// Serve.
	waitForSlot func(ctx context.Context) bool
	// admit runs after a successful Accept; false means conn was turned
	// away (and closed).
	admit func(conn net.Conn) bool
	// stopped decides whether a failed Accept means the server was told
	// to stop, and if so what Serve returns.
	stopped func(ctx context.Context, err error) (bool, error)
	// acceptFailed decides what any other failed Accept means: retry (nil) or
	// stop with the returned error. delay is the backoff state.
	acceptFailed func(ctx context.Context, err error, delay *time.Duration) error
	// succeeded runs after every successful Accept.
	succeeded func(delay *time.Duration)
	// serveConn runs the handler for one admitted connection.
	serveConn func(ctx context.Context, conn net.Conn)

	// The connections being served, for the shutdown.
	handlers sync.WaitGroup
	mu       sync.Mutex
	live     map[net.Conn]struct{}
}

func newServer(cfg limitstest.Config) *server {
	s := &server{cfg: cfg, slots: make(chan struct{}, cfg.MaxConns), live: map[net.Conn]struct{}{}}
	s.loop = s.acceptLoop
	s.waitForSlot = s.acquire
	s.admit = s.tryAdmit
	s.stopped = func(_ context.Context, err error) (bool, error) { return errors.Is(err, net.ErrClosed), nil }
	s.acceptFailed = s.backOff
	s.succeeded = func(delay *time.Duration) { *delay = 0 }
	s.serveConn = s.handle
	return s
}

// serve is stage 04's lifecycle around the accept loop: stop accepting
// when ctx is done, then wake the handlers and wait for them, closing the
// connections left after the drain timeout.
func (s *server) serve(ctx context.Context, ln net.Listener) error {
	ctx, shutdown := context.WithCancel(ctx)
	defer shutdown()
	context.AfterFunc(ctx, func() { ln.Close() })
	err := s.loop(ctx, ln)
	shutdown()
	return errors.Join(err, s.drain())
}

func (s *server) acceptLoop(ctx context.Context, ln net.Listener) error {
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
			if stop, err := s.stopped(ctx, err); stop {
				return err
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
		s.spawn(ctx, conn)
	}
}

// spawn serves conn in a goroutine of its own, which the shutdown waits for.
func (s *server) spawn(ctx context.Context, conn net.Conn) {
	s.handlers.Add(1)
	s.mu.Lock()
	s.live[conn] = struct{}{}
	s.mu.Unlock()
	go func() {
		defer s.handlers.Done()
		defer func() {
			s.mu.Lock()
			delete(s.live, conn)
			s.mu.Unlock()
		}()
		wake := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
		defer wake()
		s.serveConn(ctx, conn)
	}()
}

func (s *server) drain() error {
	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		close(done)
	}()
	limit := s.cfg.Drain
	if limit <= 0 {
		limit = limits.DefaultDrain
	}
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-done:
		return nil
	case <-timer.C:
	}
	s.mu.Lock()
	cut := len(s.live)
	for conn := range s.live {
		conn.Close()
	}
	s.mu.Unlock()
	<-done
	return fmt.Errorf("shutdown: cut %d connections after %v", cut, limit)
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

// temporary is the reference's list. ECONNABORTED never reaches an accept
// loop on Unix (Go's runtime retries it inside Accept); it is harmless here.
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

func (s *server) handle(ctx context.Context, conn net.Conn) {
	defer func() { <-s.slots }()
	defer conn.Close()
	defer s.recoverPanic()
	s.handler()(ctx, conn)
}

func (s *server) recoverPanic() {
	if v := recover(); v != nil {
		s.log().Error("handler panicked", "panic", v, "stack", string(debug.Stack()))
	}
}

func (s *server) handler() func(context.Context, net.Conn) error {
	if s.cfg.Handler != nil {
		return s.cfg.Handler
	}
	return limits.EchoLines(s.cfg.MaxLine, s.cfg.Idle)
}

func (s *server) log() *slog.Logger {
	if s.cfg.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.cfg.Log
}
