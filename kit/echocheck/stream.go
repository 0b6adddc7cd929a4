package echocheck

import (
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// short: a few bytes come back unchanged, and nothing else. The second
// line is what shows bytes added after the first echo (a newline from
// fmt.Fprintln, a whole buffer): they arrive before it.
func (s suite[C]) short(c *check.T) {
	s.setUp(c)
	alice := c.Dial("alice")
	alice.Send("hello, world\n")
	alice.Expect("hello, world\n")
	c.Note(func() string { diagnoseAdded(c, s.BufferTodo); return "" })
	alice.Send("again\n")
	alice.Expect("again\n")
}

// binary: 1 MiB holding every byte value, written in uneven pieces, comes
// back intact. Reads return whatever has arrived, so a server must write
// back exactly buf[:n], not the whole buffer.
func (s suite[C]) binary(c *check.T) {
	s.setUp(c)
	data := check.RandomBytes(1<<20, 1)
	alice := c.Dial("alice")
	// Writing 1 MiB while nobody reads the echo would fill both sides'
	// buffers and deadlock, so alice writes in the background.
	c.Go(func() error { return alice.WriteChunks(data, []int{1, 7, 1000, 4096, 65537, 3}) })
	c.Note(func() string { diagnoseBinary(c, s.BufferTodo); return "" })
	alice.ExpectBytes(data)
	c.Wait()
}

// concurrent: 100 clients connected at once each get their own bytes
// back, with no cross-talk. A server that serves one client at a time
// answers the first and leaves the second waiting.
func (s suite[C]) concurrent(c *check.T) {
	s.setUp(c)
	const n = 100
	clients := make([]*check.Client, n)
	for i := range clients {
		clients[i] = c.Dial(fmt.Sprintf("client%02d", i))
	}
	for round := range 3 {
		for i, cl := range clients {
			cl.Send(fmt.Sprintf("round %d from client %02d\n", round, i))
		}
		// Read back in a different order from the writes each round.
		for k := range clients {
			i := (k*37 + round) % n
			clients[i].Expect(fmt.Sprintf("round %d from client %02d\n", round, i))
		}
	}
}

// half-close: after the client shuts its sending side, everything it sent
// is still echoed, and then the server closes too.
func (s suite[C]) halfClose(c *check.T) {
	s.setUp(c)
	alice := c.Dial("alice")
	alice.Send("first, ")
	alice.Send("second, ")
	alice.Send("last")
	alice.CloseWrite()
	alice.Expect("first, second, last")
	c.Note(func() string { return noteWholeEchoNoEOF })
	c.NoteSpinning(check.SymptomReadSpins, readingReadSpins)
	alice.ExpectEOF()
}

// externalReset is how long the reset check lets an external server act
// on a client's reset before the next client arrives.
const externalReset = time.Second

// reset: a client that aborts its connection does not take the server
// down; the next client is served as usual.
func (s suite[C]) reset(c *check.T) {
	srv := s.setUp(c)
	before := c.Goroutines()
	alice := c.Dial("alice")
	alice.Send("about to vanish\n")
	alice.Expect("about to vanish\n")
	s.noticeDeathAfter(c, srv)
	// alice's echo has come back, so her handler waits in Read when the
	// reset arrives: its Read fails, every time. (A reset that races the
	// echo may fail the Write instead, and a server that dies only of a
	// failed Read would pass by luck.)
	alice.Reset()
	// carol's reset races her echo: the server may see it on either side.
	carol := c.Dial("carol")
	carol.Send("unread bytes, and gone\n")
	carol.Reset()
	// Give the server the chance to notice the resets before bob arrives,
	// so a server that stops on one has stopped by then.
	c.Settle(before)
	if srv.Cmd != nil {
		// An external server's goroutines are out of the harness's
		// sight: give it a moment to act on the reset instead, cut
		// short if it exits. Only a server that dies of it waits less.
		srv.Wait(externalReset)
	}
	bob := c.Dial("bob")
	bob.Send("still there?\n")
	bob.Expect("still there?\n")
}

// goroutines: once every client has gone, every handler goroutine has
// returned.
func (s suite[C]) goroutines(c *check.T) {
	s.noticeNoEcho(c, c.Start(s.serve.Bind(s.cfg)))
	before := c.Goroutines()
	for i := range 10 {
		cl := c.Dial(fmt.Sprintf("client%d", i))
		cl.Send("ping\n")
		cl.Expect("ping\n")
		if i%2 == 0 {
			cl.Close()
		} else {
			cl.Reset()
		}
	}
	c.ExpectNoNewGoroutines(before, "every client has disconnected")
}

// serve-returns: closing the listener is how a server is told to stop,
// so Serve returns nil soon after.
func (s suite[C]) serveReturns(c *check.T) {
	srv := c.Start(s.serve.Bind(s.cfg))
	s.noticeNoEcho(c, srv)
	alice := c.Dial("alice")
	alice.Send("hi\n")
	alice.Expect("hi\n")
	srv.Close()
	switch err := srv.Wait(check.StopTimeout); {
	case err == check.ErrStillRunning:
		c.Failf(msgStillRunning, check.StopTimeout)
	case err != nil:
		c.Failf(msgClosedIsError, err)
	}
}

// diagnoseBinary tells the two ways the binary echo goes wrong apart,
// from what alice received, so that the hints fit what happened.
func diagnoseBinary(c *check.T, todo int) {
	got, want, ok := c.Mismatch()
	if !ok {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	if i == len(got) {
		c.Diagnose(check.Symptom{ID: symptomShort, Todo: todo, Reading: fmt.Sprintf(readingShort, len(got), len(want))})
		return
	}
	c.Diagnose(check.Symptom{ID: symptomExtra, Todo: todo, Reading: fmt.Sprintf(readingExtra, i)})
}
