package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerStopsWhenTheCaseEnds(t *testing.T) {
	var s *Server
	Run(t, toyStage, []Case{{Name: "serve", Run: func(c *T) {
		s = c.Start(echoServe)
		require.NotNil(c, s.Listener)
		assert.Nil(c, s.Cmd)
		assert.Equal(c, s.Listener.Addr().String(), s.Addr)
		ok, _ := s.Returned()
		assert.False(c, ok, "Serve runs for the whole case")
		assert.ErrorIs(c, s.Wait(time.Millisecond), ErrStillRunning)
		assert.EqualError(c, s.Signal(syscall.SIGINT), "check: Signal needs an external command")
	}}})
	require.NotNil(t, s)
	ok, err := s.Returned()
	assert.True(t, ok, "the case's end stopped the server")
	assert.NoError(t, err)
	assert.NoError(t, s.Wait(time.Minute))
}

func TestServerCancelAndClose(t *testing.T) {
	Run(t, toyStage, []Case{{Name: "stop", Run: func(c *T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(c, err)
		s := c.StartOn(ln, func(ctx context.Context, ln net.Listener) error {
			<-ctx.Done()
			return ctx.Err()
		})
		assert.Equal(c, ln.Addr().String(), c.Addr)
		s.Cancel()
		assert.ErrorIs(c, s.Wait(time.Minute), context.Canceled)
		assert.False(c, s.quitEarly(), "asked to stop: not an early return")
		assert.NoError(c, s.Close())
		assert.ErrorIs(c, s.Close(), net.ErrClosed, "the listener is closed already")
	}}})
}

func TestReportServerThatDoesNotStop(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	f := fakeCase(t, 2, func(c *T) {
		c.Start(func(ctx context.Context, ln net.Listener) error {
			<-release // deaf to its context and its listener
			return nil
		})
	})
	require.True(t, f.Failed())
	out := f.output()
	assert.Contains(t, out, fmt.Sprintf("Serve was still running %v after the case ended", StopTimeout))
	assert.NotContains(t, out, "Next step", "nothing says which code waits: no TODO to guess")
}

func TestServerLog(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		log, out := c.ServerLog()
		c.Start(echoServe)
		log.Info("accepted", "client", "alice")
		assert.Equal(t, "level=INFO msg=accepted client=alice\n", out.String(), "no time: it only makes a report longer")
		c.Failf("something else went wrong")
	})
	assert.Contains(t, f.output(), "Also: the server's log ended with:\n  | level=INFO msg=accepted client=alice")

	f = fakeCase(t, 2, func(c *T) {
		c.ServerLog()
		c.Failf("nothing logged")
	})
	assert.NotContains(t, f.output(), "the server's log", "an empty log adds no note")
}

func TestOutput(t *testing.T) {
	var o Output
	assert.Equal(t, "  (nothing)", o.Shown())
	n, err := o.Write([]byte("one\ntwo\n"))
	assert.NoError(t, err)
	assert.Equal(t, 8, n)
	assert.Equal(t, "one\ntwo\n", o.String())
	assert.Equal(t, "  | one\n  | two", o.Shown())

	o = Output{}
	for i := range maxOutputLines + 5 {
		fmt.Fprintf(&o, "line %d\n", i)
	}
	fmt.Fprintf(&o, "%0*d\n", maxOutputWidth+10, 0)
	shown := o.Shown()
	assert.Contains(t, shown, "  | … 6 earlier lines\n  | line 6\n", "only the last lines")
	assert.Contains(t, shown, fmt.Sprintf("  | %0*d…", maxOutputWidth, 0), "a long line is cut")

	o = Output{}
	chunk := make([]byte, maxKept/2+1)
	chunk[len(chunk)-1] = 'z'
	o.Write(chunk)
	o.Write(chunk)
	o.Write([]byte("end"))
	assert.Len(t, o.String(), maxKept, "only the most recent bytes are kept")
	assert.Equal(t, "zend", o.String()[maxKept-4:])
}

func TestGoroutines(t *testing.T) {
	Run(t, toyStage, []Case{{Name: "goroutines", Run: func(c *T) {
		c.Start(echoServe)
		m := c.Goroutines()
		a := c.Dial("alice")
		a.Send("hello\n")
		a.Expect("hello\n")
		a.Close()
		c.Settle(m)
		c.ExpectNoNewGoroutines(m, "alice hung up") // the handler noticed, and returned
	}}})
}

func TestBlameOwnCode(t *testing.T) {
	Run(t, toyStage, []Case{{Name: "blame", Run: func(c *T) {
		pcs := make([]uintptr, 32)
		pcs = pcs[:runtime.Callers(1, pcs)]
		where, todo := c.Blame(pcs)
		assert.Empty(c, where, "the harness's own code is no server's")
		assert.Zero(c, todo)
	}}})
}

func TestDescribe(t *testing.T) {
	assert.Equal(t, "nil", Describe(nil))
	assert.Equal(t, `"accept: use of closed network connection" (the listener was closed)`,
		Describe(fmt.Errorf("accept: %w", net.ErrClosed)))
	assert.Equal(t, `the error "boom"`, Describe(errors.New("boom")))
}

func TestRandomBytes(t *testing.T) {
	a := RandomBytes(1000, 1)
	assert.Len(t, a, 1000)
	assert.Equal(t, a, RandomBytes(1000, 1), "the same for the same seed")
	assert.NotEqual(t, a, RandomBytes(1000, 2))
	seen := map[byte]bool{}
	for _, b := range a {
		seen[b] = true
	}
	assert.Len(t, seen, 256, "every byte value")
	assert.Len(t, RandomBytes(10, 1), 10)
}

func TestDiffAndQuote(t *testing.T) {
	assert.Equal(t, "  expected: \"hello\\n\"\n"+
		"  received: \"help\\n\"\n"+
		"                ^ first difference, at byte 3", // under the p
		Diff([]byte("hello\n"), []byte("help\n")))
	assert.Equal(t, `"a\x07\"b\t"`, Quote("a\a\"b\t"))
}

func TestCommandEnvFor(t *testing.T) {
	assert.Equal(t, "WORKBOOK_CMD", CommandEnvFor(""))
	assert.Equal(t, "WORKBOOK_CMD_COUNTER", CommandEnvFor("counter"))
	t.Setenv("WORKBOOK_CMD_COUNTER", "./counter")
	assert.Equal(t, "./counter", External("counter"))
}
