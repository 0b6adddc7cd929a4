package limitstest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"sync"
	"syscall"
	"time"

	"tcpworkbook/kit/check"
)

// fakeListener is a real loopback listener whose first Accept calls fail
// as script says: call i returns script[i] if that is not nil. Every other
// call accepts a real connection. It counts the calls.
type fakeListener struct {
	net.Listener
	script []error
	calls  counter
}

func (l *fakeListener) Accept() (net.Conn, error) {
	n := l.calls.add()
	if n <= len(l.script) && l.script[n-1] != nil {
		return nil, l.script[n-1]
	}
	return l.Listener.Accept()
}

// counter counts events and tells waiters when a count is reached.
type counter struct {
	mu      sync.Mutex
	n       int
	waiters []waiter
}

type waiter struct {
	n  int
	ch chan struct{}
}

// add counts one more event and returns the new count.
func (c *counter) add() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.waiters = slices.DeleteFunc(c.waiters, func(w waiter) bool {
		if c.n >= w.n {
			close(w.ch)
			return true
		}
		return false
	})
	return c.n
}

// reached returns a channel that is closed once the count reaches n.
func (c *counter) reached(n int) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan struct{})
	if c.n >= n {
		close(ch)
	} else {
		c.waiters = append(c.waiters, waiter{n, ch})
	}
	return ch
}

// acceptError is an Accept failure as the net package reports it.
func acceptError(errno syscall.Errno) error {
	return &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", errno)}
}

// temporary returns n Accept errors worth retrying, which accept4 can
// really return on Linux: out of file descriptors in the process (EMFILE)
// or the system (ENFILE), out of socket buffers (ENOBUFS) or memory
// (ENOMEM). ECONNABORTED, a client that hung up before it was accepted,
// is left out: on Unix, Go's runtime retries it inside Accept, so a
// server's accept loop never sees it.
func temporary(n int) []error {
	errnos := []syscall.Errno{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM}
	errs := make([]error, n)
	for i := range errs {
		errs[i] = acceptError(errnos[i%len(errnos)])
	}
	return errs
}

// sleeps records the pauses a server asks for instead of taking them.
type sleeps struct {
	mu     sync.Mutex
	delays []time.Duration
	calls  counter
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	s.calls.add()
}

func (s *sleeps) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.delays)
}

// The script of the accept checks: 10 temporary errors, a real connection
// (alice), 2 more errors, another real connection (bob).
const (
	firstRun  = 10
	secondRun = 2
)

func acceptScript() []error {
	script := append(temporary(firstRun), nil)
	return append(script, temporary(secondRun)...)
}

// The pauses expected for that script: 5 ms doubling up to 1 s, then 5 ms
// again after alice's successful Accept.
var wantDelays = []time.Duration{
	5 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond,
	80 * time.Millisecond, 160 * time.Millisecond, 320 * time.Millisecond, 640 * time.Millisecond,
	time.Second, time.Second,
	5 * time.Millisecond, 10 * time.Millisecond,
}

// acceptScripted starts a server on a listener that follows acceptScript,
// and returns alice and bob once each has been accepted and served.
func (s *suite) acceptScripted(c *check.T, rec *sleeps) {
	c.Helper()
	ln := &fakeListener{Listener: c.Listen(), script: acceptScript()}
	srv := check.LaunchOn(c, ln, s.impl.Serve, Config{MaxConns: limit, Policy: "reject", Sleep: rec.sleep})
	c.Note(func() string {
		return fmt.Sprintf(noteAcceptScript, firstRun, secondRun, rec.recorded())
	})
	select {
	case <-ln.calls.reached(firstRun + 1):
	case <-srv.Done():
		c.Failf(msgQuitOnTemporary, check.Describe(srv.Wait(0)))
	case <-c.Expired():
		c.Failf("Serve never got past the temporary Accept errors")
	}
	alice := c.Dial("alice")
	say(alice, "made it\n")
	bob := c.Dial("bob")
	say(bob, "me too\n")
}

// accept-temporary: Serve survives temporary Accept errors, such as running
// out of file descriptors, and then serves the clients that come.
func (s *suite) acceptTemporary(c *check.T) {
	s.acceptScripted(c, new(sleeps))
}

// accept-backoff: between retries, Serve pauses 5 ms, doubling up to 1 s,
// and back to 5 ms after a success. The check records the pauses asked of
// Config.Sleep (the server's Sleep hook); nothing waits for real.
func (s *suite) acceptBackoff(c *check.T) {
	rec := new(sleeps)
	s.acceptScripted(c, rec)
	got := rec.recorded()
	switch {
	case len(got) == 0:
		c.Failf(msgNoPause, firstRun+secondRun)
	case !slices.Equal(got, wantDelays):
		c.Failf(msgWrongPauses, got, wantDelays)
	}
}

// accept-permanent: an Accept error that retrying will not fix ends Serve,
// which returns it.
func (s *suite) acceptPermanent(c *check.T) {
	rec := new(sleeps)
	broken := acceptError(syscall.EINVAL)
	ln := &fakeListener{Listener: c.Listen(), script: []error{broken}}
	srv := check.LaunchOn(c, ln, s.impl.Serve, Config{MaxConns: limit, Policy: "reject", Sleep: rec.sleep})
	select {
	case <-srv.Done():
		err := srv.Wait(0)
		// Returning is what this check wants, not an accept loop that
		// quit early: say so to the harness, so that no report says
		// Serve should have kept accepting.
		srv.Close()
		if !errors.Is(err, syscall.EINVAL) {
			c.Failf(msgPermanentWrapped, broken, check.Describe(err))
		}
	case <-rec.calls.reached(1):
		c.Failf(msgPermanentRetried, broken)
	case <-time.After(check.StopTimeout):
		c.Failf(msgPermanentIgnored, broken, check.StopTimeout)
	}
}

// serve-returns: closing the listener is how a server is told to stop, so
// Serve returns nil. The test for net.ErrClosed comes written in the
// starter; the check makes sure the work on Accept errors keeps it.
func (s *suite) serveReturns(c *check.T) {
	srv := check.Launch(c, s.impl.Serve, Config{MaxConns: limit, Policy: "reject"})
	alice := admit(c, "alice", "The server has just started.")
	say(alice, "bye\n")
	srv.Close()
	select {
	case <-srv.Done():
		if err := srv.Wait(0); err != nil {
			c.Failf(msgClosedIsError, check.Describe(err))
		}
	case <-time.After(check.StopTimeout):
		c.Failf(msgClosedRunning, check.StopTimeout)
	}
	// However the accept loop ends, the handlers hear about it.
	alice.Expect(Goodbye)
	alice.ExpectEOF()
}

// wait-accept-errors: under the wait policy, a slot taken for an Accept
// that then fails goes back. Accept fails more times than there are slots
// before it lets anyone in; a server that keeps those slots has none left,
// and waits for ever before its next Accept.
func (s *suite) waitAcceptErrors(c *check.T) {
	failures := limit + 1
	ln := &fakeListener{Listener: c.Listen(), script: temporary(failures)}
	srv := check.LaunchOn(c, ln, s.impl.Serve, Config{MaxConns: limit, Policy: "wait", Sleep: new(sleeps).sleep})
	select {
	case <-ln.calls.reached(failures + 1):
	case <-srv.Done():
		c.Failf(msgQuitOnTemporary, check.Describe(srv.Wait(0)))
	case <-time.After(check.StopTimeout):
		c.Failf(msgWaitLostSlots, failures, limit, check.StopTimeout)
	}
	alice, _, _ := fill(c)
	say(alice, "still served\n")
}
