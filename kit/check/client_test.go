package check

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The clients against toy servers: a right server passes every
// expectation (checked through Run), and each way of being wrong gives
// the report a student would read (checked through fakeCase).

func TestClientConversation(t *testing.T) {
	data := RandomBytes(3000, 7)
	Run(t, toyStage, []Case{{Name: "echo", Todo: 2, Run: func(c *T) {
		c.Start(echoServe)
		a := c.Dial("alice")
		assert.Equal(c, "alice", a.Name)
		assert.Equal(c, c.Addr, a.Conn().RemoteAddr().String())

		a.Send("hello\n")
		a.Expect("hello\n")
		a.Send("one line\n")
		assert.Equal(c, "one line\n", a.ReadLine())

		// Binary data in awkward pieces, written while alice reads.
		c.Go(func() error { return a.WriteChunks(data, []int{1, 7, 100, 1500}) })
		a.ExpectBytes(data)
		c.Wait()

		a.ExpectSilence(20 * time.Millisecond)
		a.CloseWrite()
		a.ExpectEOF()

		b, err := c.DialWith("bob", &net.Dialer{})
		require.NoError(c, err)
		b.Send("hi\n")
		b.Expect("hi\n")
		b.Close()

		carol := c.DialAddr("carol", c.Addr)
		carol.Reset()
		c.Event("harness", "all done")

		c.mu.Lock()
		log := append([]event(nil), c.log...)
		c.mu.Unlock()
		var notes []string
		for _, ev := range log {
			if ev.kind == evNote {
				notes = append(notes, ev.who+" "+ev.text)
			}
		}
		assert.Equal(c, []string{
			"alice connected",
			"alice half-closed (no more sending)",
			"bob connected",
			"bob closed the connection",
			"carol connected",
			"carol reset the connection (RST)",
			"harness all done",
		}, notes, "the traffic log records what each client did")
		assert.Equal(c, len(data)+len("hello\none line\n"), receivedBy(log, "alice"))
	}}})
}

func TestDialWithLeavesTheDialerAndReturnsErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	Run(t, toyStage, []Case{{Name: "dial", Run: func(c *T) {
		c.Start(echoServe)
		d := &net.Dialer{}
		cl, err := c.DialWith("alice", d)
		require.NoError(c, err)
		cl.Close()
		assert.Zero(c, d.Timeout, "DialWith gives its own copy of the dialer ReadTimeout, and leaves the caller's alone")

		// A local address already in use: the dial fails, and the case
		// decides what that means.
		_, err = c.DialWith("bob", &net.Dialer{LocalAddr: busy.Addr()})
		assert.Error(c, err)
	}}})
}

func TestEventually(t *testing.T) {
	Run(t, toyStage, []Case{{Name: "eventually", Run: func(c *T) {
		n := 0
		assert.True(c, c.Eventually(time.Minute, func() bool { n++; return n == 3 }))
		assert.Equal(c, 3, n, "it looks again until the condition holds")
		assert.False(c, c.Eventually(0, func() bool { return false }), "it gives up at its deadline")
		select {
		case <-c.Expired():
			assert.Fail(c, "the watchdog has not fired")
		default:
		}
	}}})

	fakeCase(t, 0, func(c *T) {
		expire(c)
		start := time.Now()
		assert.False(t, c.Eventually(time.Minute, func() bool { return false }))
		assert.Less(t, time.Since(start), 30*time.Second, "once the watchdog fired, it stops waiting")
	})
}

func TestReportWrongBytes(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		c.Start(upperServe)
		a := c.Dial("alice")
		a.Send("hello\n")
		a.Expect("hello") // not the newline: the report reads on to it
	})
	require.True(t, f.Failed())
	out := f.output()
	assert.Contains(t, out, "✗ TestReportWrongBytes: alice received the wrong bytes")
	assert.Contains(t, out, `alice ← "HELLO\n"`, "what followed the wrong bytes, up to the end of the line")
	assert.Contains(t, out, `  expected: "hello"`)
	assert.Contains(t, out, `  received: "HELLO\n"`)
	assert.Contains(t, out, "^ first difference, at byte 0")
	assert.Contains(t, out, "Next step: open TODO(2) in kit/check/toy.go: the echo loop")
	assert.Equal(t, map[string]string{AttrTodo: "2", AttrTodoFile: "kit/check/toy.go",
		AttrTraffic: `[{"who":"alice","dir":"","text":"connected"},{"who":"alice","dir":"→","text":"\"hello\\n\""},` +
			`{"who":"alice","dir":"←","text":"\"HELLO\\n\""}]`}, f.attrs)
}

func TestReportMismatchForANote(t *testing.T) {
	var got, want []byte
	var ok bool
	f := fakeCase(t, 2, func(c *T) {
		c.Start(halfServe)
		a := c.Dial("alice")
		a.Send("hello\n")
		c.Note(func() string {
			got, want, ok = c.Mismatch()
			return ""
		})
		a.Expect("hello\n")
	})
	require.True(t, f.Failed())
	assert.True(t, ok, "the failure compares bytes")
	assert.Equal(t, "he", string(got))
	assert.Equal(t, "hello\n", string(want))
	out := f.output()
	assert.Contains(t, out, "alice did not receive everything expected")
	assert.Contains(t, out, "received ends here, after 2 of 6 bytes")
	assert.Contains(t, out, "What happened: EOF. Your server closed the connection after sending 2 bytes")
}

func TestReportIncompleteLine(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		c.Start(hangUpServe)
		c.Dial("alice").ReadLine()
	})
	out := f.output()
	assert.Contains(t, out, "✗ TestReportIncompleteLine: alice expected a complete line")
	assert.Contains(t, out, "What happened: EOF. Your server closed the connection before sending anything back.")
}

func TestReportExpectEOF(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		c.Start(blurtHangUpServe)
		c.Dial("alice").ExpectEOF()
	})
	assert.Contains(t, f.output(), "alice expected the server to close the connection, but more bytes arrived first")
	assert.Contains(t, f.output(), `alice ← "unasked\n"`)

	f = fakeCase(t, 2, func(c *T) {
		c.Start(echoServe)
		a := c.Dial("alice")
		a.Close()
		a.ExpectEOF()
	})
	assert.Contains(t, f.output(), "alice expected the server to close the connection (EOF)")
	assert.Contains(t, f.output(), "What happened: the client's own connection was closed under it")
}

func TestReportExpectSilence(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		c.Start(blurtServe)
		c.Dial("alice").ExpectSilence(time.Minute)
	})
	assert.Contains(t, f.output(), "alice should have received nothing, but bytes arrived")
	assert.Contains(t, f.output(), `alice ← "unasked\n"`, "the whole line, not only its first byte")

	f = fakeCase(t, 2, func(c *T) {
		c.Start(hangUpServe)
		c.Dial("alice").ExpectSilence(time.Minute)
	})
	assert.Contains(t, f.output(), "alice should have stayed connected and received nothing")
}

func TestReportCannotConnect(t *testing.T) {
	addr := notListening(t)
	f := fakeCase(t, 1, func(c *T) { c.DialAddr("dave", addr) })
	out := f.output()
	assert.Contains(t, out, "✗ TestReportCannotConnect: dave could not connect")
	assert.Contains(t, out, "dave   could not connect to "+addr)
	assert.Contains(t, out, "What happened: connection refused.")
	assert.Contains(t, out, "Next step: open TODO(1) in kit/check/toy.go: the accept loop")
}

func TestReportOwnConnectionClosed(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		c.Start(echoServe)
		a := c.Dial("alice")
		a.Close()
		a.Send("too late\n")
	})
	assert.Contains(t, f.output(), "alice could not send")
	assert.Contains(t, f.output(), "What happened: the client's own connection was closed under it")

	f = fakeCase(t, 2, func(c *T) {
		c.Start(echoServe)
		a := c.Dial("alice")
		a.Close()
		a.CloseWrite()
	})
	assert.Contains(t, f.output(), "alice could not half-close")
}

func TestReportBackgroundWriter(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		c.Go(func() error { return nil })
		c.Go(func() error { return errors.New("the writer broke") })
		c.Wait()
	})
	assert.Contains(t, f.output(), "✗ TestReportBackgroundWriter: a client's goroutine in the harness failed")
	assert.Contains(t, f.output(), "What happened: the writer broke")

	release := make(chan struct{})
	defer close(release)
	f = fakeCase(t, 2, func(c *T) {
		c.Go(func() error { <-release; return nil })
		expire(c)
		c.Wait()
	})
	assert.Contains(t, f.output(), "a client's goroutine in the harness never finished")
}

func TestReportFailfNotesAndDiagnosis(t *testing.T) {
	f := fakeCase(t, 1, func(c *T) {
		c.Todo(3)
		c.Note(func() string { return "" })
		c.Note(func() string { return "the toy says hello" })
		_, _, ok := c.Mismatch()
		assert.False(t, ok, "no failure is being written")
		c.Failf("it went %s", "wrong")
	})
	out := f.output()
	assert.Contains(t, out, "✗ TestReportFailfNotesAndDiagnosis: it went wrong")
	assert.Contains(t, out, "Also: the toy says hello")
	assert.Equal(t, 1, strings.Count(out, "Also:"), "an empty note is left out")
	assert.Contains(t, out, "Next step: open TODO(3) in kit/check/toy.go: line framing", "Todo moved the case on")

	f = fakeCase(t, 3, func(c *T) {
		c.Diagnose(Symptom{ID: "toy-symptom", Todo: 1, Reading: "the toy looks like a toy."})
		c.Failf("it went wrong")
	})
	out = f.output()
	assert.Contains(t, out, "What this looks like: the toy looks like a toy.")
	assert.Contains(t, out, "Next step: open TODO(1)", "the symptom's TODO wins over the case's")
	assert.NotContains(t, out, "suite bug", "the stage declares toy-symptom")
	assert.Equal(t, map[string]string{AttrSymptom: "toy-symptom", AttrTodo: "1", AttrTodoFile: "kit/check/toy.go"}, f.attrs)

	f = fakeCase(t, 3, func(c *T) { c.Diagnose(Symptom{ID: SymptomStuck, Reading: "stuck."}) })
	assert.False(t, f.Failed(), "the kit's own symptoms need no declaring: %s", f.output())

	f = fakeCase(t, 3, func(c *T) { c.Diagnose(Symptom{ID: "undeclared", Reading: "who knows."}) })
	assert.Contains(t, f.output(), `suite bug: the symptom "undeclared" is not in the stage's Symptoms`)
}

func TestReportGivesUpWhenServeReturns(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		s := c.Start(quitServe)
		a := c.Dial("alice")
		a.Send("hello\n")
		a.Expect("hello\n")
		a.Send("stop\n")
		if !c.Eventually(time.Minute, func() bool { ok, _ := s.Returned(); return ok }) {
			c.Failf("Serve did not return")
		}
		start := time.Now()
		c.Dial("bob").ReadLine() // the listener is still open: bob connects, and nobody serves him
		assert.Less(t, time.Since(start), ReadTimeout, "reads after Serve returned do not wait")
	})
	out := f.output()
	assert.Contains(t, out, "✗ TestReportGivesUpWhenServeReturns: bob expected a complete line")
	assert.Contains(t, out, "What happened: the server had already stopped (see below)")
	assert.Contains(t, out, "Also: Serve returned nil while the case was still running.")
	assert.Contains(t, out, "Next step: open TODO(1)")

	// ExpectEOF reads the same way, and says why it did not wait.
	f = fakeCase(t, 2, func(c *T) {
		s := c.Start(quitServe)
		a := c.Dial("alice")
		a.Send("stop\n")
		if !c.Eventually(time.Minute, func() bool { ok, _ := s.Returned(); return ok }) {
			c.Failf("Serve did not return")
		}
		a.ExpectEOF()
	})
	assert.Contains(t, f.output(), "alice expected the server to close the connection (EOF)")
	assert.Contains(t, f.output(), "the server had already stopped")
	assert.NotContains(t, f.output(), "still open 2s later", "it did not wait 2s")
}

func TestFlood(t *testing.T) {
	Run(t, toyStage, []Case{{Name: "flood", Run: func(c *T) {
		c.Start(sinkServe)
		a := c.Dial("alice")
		var asked []time.Duration
		sent := c.Flood(a, func(d time.Duration) bool { asked = append(asked, d); return true })
		assert.Greater(c, sent, floodPast, "a flood goes on until the server is stuck and enough was sent")
		require.NotEmpty(c, asked)
		assert.Equal(c, StuckFor, asked[0])
		c.mu.Lock()
		last := c.log[len(c.log)-1]
		c.mu.Unlock()
		assert.Equal(c, "alice", last.who)
		assert.Contains(c, last.text, "bytes of lines without reading a reply")
	}}})
}
