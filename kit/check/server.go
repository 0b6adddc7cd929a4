package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"tcpworkbook/kit/proc"
	"tcpworkbook/kit/stacks"
)

// StopTimeout is how long a server may take to return once it is told to
// stop.
const StopTimeout = 2 * time.Second

// ServeFunc runs a server on ln until ctx is cancelled or ln is closed.
// Servers without a context ignore ctx; closing ln stops them.
type ServeFunc func(ctx context.Context, ln net.Listener) error

// Server is the server under test in one case: either a ServeFunc running
// in the test binary or an external command.
type Server struct {
	Addr     string
	Listener net.Listener // nil for an external command
	Cmd      *exec.Cmd    // nil in-process

	cancel   func()       // cancel Serve's context, or send SIGINT
	close    func() error // close the listener, or send SIGINT
	done     chan struct{}
	stopping atomic.Bool // set once the case itself asks the server to stop

	mu       sync.Mutex
	err      error
	returned bool
}

// Start runs serve on a fresh listener on 127.0.0.1:0, sets c.Addr and
// returns the server. When the case ends the server is stopped: its context
// is cancelled, its listener closed, and it must return within StopTimeout.
//
// If serve returns while the case is still running, failure reports say so:
// an accept loop that quits early is a common first bug.
func (c *T) Start(serve ServeFunc) *Server {
	c.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	return c.StartOn(ln, serve)
}

// Listen opens a loopback listener on a free port, closed when the case
// ends, for a case that wraps it (see StartOn) before its server gets it.
func (c *T) Listen() net.Listener {
	c.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	c.Cleanup(func() { ln.Close() })
	return ln
}

// StartOn is Start with a listener of the case's choosing.
func (c *T) StartOn(ln net.Listener, serve ServeFunc) *Server {
	c.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{Addr: ln.Addr().String(), Listener: ln, cancel: cancel, close: ln.Close, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		err := serve(ctx, ln)
		s.mu.Lock()
		s.err, s.returned = err, true
		s.mu.Unlock()
		if !s.stopping.Load() {
			c.giveUp()
		}
	}()
	c.Addr = s.Addr
	c.Note(func() string {
		if ok, err := s.Returned(); ok && !s.stopping.Load() {
			return fmt.Sprintf("Serve returned %s while the case was still running. It should keep accepting connections until its listener is closed.", Describe(err))
		}
		return ""
	})
	c.server = s
	c.Cleanup(func() {
		s.Cancel()
		s.Close()
		// Hang up every client first: a server may rightly wait for its
		// handlers, and they for their clients.
		c.closeAll()
		if err := s.Wait(StopTimeout); errors.Is(err, ErrStillRunning) {
			c.reportStuck()
		}
	})
	return s
}

// reportStuck fails the case for a server that did not return in time,
// showing where its goroutines wait and pointing at the TODO of the
// function they wait in.
func (c *T) reportStuck() {
	c.Helper()
	headline := fmt.Sprintf(msgServeStillRunning, StopTimeout)
	gs := stacks.Dump(proc.WorkspaceRoot())
	detail, todo, kind := stuckReport(gs, proc.WorkspaceRoot())
	// The first goroutine's TODO is a guess when several functions wait or
	// spin; the case's own TODO wins when its code is among them (a
	// drain stuck on a lock is TODO(4)'s, not the accept loop's above it).
	if own := c.CaseTodo(); todo != 0 && own != todo && serverTodos(gs, proc.WorkspaceRoot())[own] {
		todo = own
	}
	if todo == 0 {
		// Nothing says which code waits: the case's own TODO would be a
		// guess, and a later check may well say more.
		c.Errorf("%s\n%s", headline, detail)
		return
	}
	id, reading := SymptomStuck, readingStuck
	switch kind {
	case stuckRelease:
		reading = readingStuckRelease
	case stuckSpinning:
		id, reading = SymptomSpinning, readingSpinning
	}
	c.Diagnose(Symptom{ID: id, Todo: todo, Reading: reading})
	c.Errorf("%s", c.report(failure{headline: headline, detail: detail}))
}

// Cancel cancels the context the server was started with.
func (s *Server) Cancel() {
	s.stopping.Store(true)
	s.cancel()
}

// Close closes the server's listener. An external command gets SIGINT.
func (s *Server) Close() error {
	s.stopping.Store(true)
	return s.close()
}

// Signal sends sig to an external command's process group, and counts as
// asking it to stop. In-process servers cannot be signalled.
func (s *Server) Signal(sig syscall.Signal) error {
	if s.Cmd == nil {
		return errors.New("check: Signal needs an external command")
	}
	s.stopping.Store(true)
	return signalGroup(s.Cmd, sig)
}

// quitEarly reports whether Serve returned before anyone asked it to stop.
func (s *Server) quitEarly() bool {
	ok, _ := s.Returned()
	return ok && !s.stopping.Load()
}

// Returned reports whether Serve has returned, and with what.
func (s *Server) Returned() (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.returned, s.err
}

// Done is closed when Serve has returned (an external command, when it
// has exited): a check waiting for that among other things selects on it,
// then reads what Serve returned with Wait(0).
func (s *Server) Done() <-chan struct{} { return s.done }

// ErrStillRunning is what Wait returns when Serve has not returned in time.
var ErrStillRunning = errors.New("serve is still running")

// Wait waits up to d for Serve to return and returns what it returned, or
// ErrStillRunning.
func (s *Server) Wait(d time.Duration) error {
	select {
	case <-s.done: // first, alone: with d 0, a select of both could pick either
		return s.err
	default:
	}
	select {
	case <-s.done:
		return s.err
	case <-time.After(d):
		return ErrStillRunning
	}
}
