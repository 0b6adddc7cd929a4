package perftest

import (
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// pool: read buffers come from the Pool the server is given, and every one
// goes back once its clients have left.
func (s suite) pool(c *check.T) {
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Pool: p}))
	c.Note(p.explainPoison(c))
	for _, name := range []string{"alice", "bob", "carol"} {
		cl := c.Dial(name)
		for i := range 3 {
			msg := fmt.Sprintf("%s's message %d\n", name, i)
			cl.Send(msg)
			cl.Expect(msg)
		}
		cl.Close()
	}
	if p.Stats().gets == 0 {
		c.Failf(msgPoolNeverUsed)
	}
	if !c.Eventually(2*time.Second, func() bool { return p.Stats().out == 0 }) {
		st := p.Stats()
		blameHolders(c, p)
		c.Failf(msgNotReturned, st.out, st.gets)
	}
	failOnProblem(c, p)
}

// idle: 50 connections that have each echoed once and gone quiet hold no
// read buffer between them.
func (s suite) idle(c *check.T) {
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Pool: p}))
	const n = 50
	for i := range n {
		cl := c.Dial(fmt.Sprintf("client%02d", i))
		msg := fmt.Sprintf("ping from client %02d\n", i)
		cl.Send(msg)
		cl.Expect(msg)
	}
	requireGets(c, p)
	if !c.Eventually(time.Second, func() bool { return p.Stats().out == 0 }) {
		blameParked(c, p)
		c.Failf(msgIdleHolds, n, p.Stats().out)
	}
}

// requireGets stops a case that watches the pool when the server has not
// borrowed from it at all: that is TODO(1)'s job, not the case's own.
func requireGets(c *check.T, p *checkPool) {
	c.Helper()
	if p.Stats().gets == 0 {
		c.Todo(1)
		c.Failf(msgNoGet)
	}
}

// reset-returns: a client that resets its connection gets every buffer
// it caused to be borrowed given back, once, on the read's error path and
// the write's as on the others.
func (s suite) resetReturns(c *check.T) {
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Pool: p}))
	c.Note(p.explainPoison(c))
	for _, name := range []string{"alice", "bob"} {
		cl := c.Dial(name)
		cl.Send("hello from " + name + "\n")
		cl.Expect("hello from " + name + "\n")
		cl.Send("unread bytes make the close a reset\n")
		cl.Reset()
	}
	// Clients that reset right after sending, in a burst: the server
	// reads most of their lines only after the reset has arrived, so
	// that the echo fails and the write's error path runs too.
	for i := range resetBurst {
		cl := c.Dial(fmt.Sprintf("carol%02d", i))
		cl.Send("reset before the echo\n")
		cl.Reset()
	}
	requireGets(c, p)
	if !c.Eventually(2*time.Second, func() bool { return p.Stats().out == 0 }) {
		st := p.Stats()
		blameHolders(c, p)
		c.Failf(msgResetKept, st.out)
	}
	// A reset fails the echo of the unread line: a buffer put back on
	// that error path and again on the way out shows here.
	failOnProblem(c, p)
}

// resetBurst is how many clients reset at once in reset-returns: enough
// that some echo fails even when a free core lets the server answer the
// first ones before their reset arrives.
const resetBurst = 30
