package check

import (
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTryByHand: a failing case that launched one of the stage's commands
// says how to replay it: the command with the case's flags, a terminal
// per client with the command that joins it, the bytes of a lone client's
// conversation as one printf, and where the check's own code is.
func TestTryByHand(t *testing.T) {
	commands := []Command{{Name: "toy"}, {Name: "rcount", Server: "counter", Join: "redis-cli -h HOST -p PORT"}}
	stage := Manifest{Stage: toyStage, Dir: "kit/check/toy", Commands: commands}.Suite()
	t.Setenv(CommandEnv, "")
	t.Setenv(CommandEnvFor("counter"), "")

	f := fakeCase(t, 2, func(c *T) {
		c.stage = stage
		Launch(c, toyServe, toyConfig{greeting: "it's 100%"})
		alice := c.Dial("alice")
		alice.Send("hello\r\n\x00")
		c.Failf("a toy failure")
	})
	out := f.output()
	assert.Contains(t, out, "Try it by hand, in a terminal each:\n")
	assert.Contains(t, out, "  1$ go run ./kit/check/toy/cmd/toy -addr 127.0.0.1:8080 -toy-greeting 'it'\\''s 100%'\n")
	assert.Contains(t, out, "  2$ nc 127.0.0.1 8080    # alice\n")
	assert.Contains(t, out, `or all that alice sent, byte for byte: printf 'hello\r\n\000' | nc -q 1 127.0.0.1 8080`)
	assert.Regexp(t, `The check's own code: kit/check/\w+_test\.go:\d+`, out)

	f = fakeCase(t, 2, func(c *T) {
		c.stage = stage
		Launch(c, toyServe, toyConfig{server: "counter"})
		c.Dial("alice").Send("x")
		c.Dial("bob")
		c.Failf("a toy failure")
	})
	out = f.output()
	assert.Contains(t, out, "  1$ go run ./kit/check/toy/cmd/rcount -addr 127.0.0.1:8080\n")
	assert.Contains(t, out, "  2$ redis-cli -h 127.0.0.1 -p 8080    # alice\n  3$ redis-cli -h 127.0.0.1 -p 8080    # bob\n")
	assert.Contains(t, out, "then type what each client sent")

	f = fakeCase(t, 2, func(c *T) {
		c.stage = stage
		c.Start(echoServe)
		c.Dial("alice")
		c.Failf("a toy failure")
	})
	assert.Contains(t, f.output(),
		"  1$ go run ./kit/check/toy/cmd/toy -addr 127.0.0.1:8080\n     (the check ran your Go code with things only a test can give it",
		"a server started with Start: the main command, flagged as close, not exact")

	f = fakeCase(t, 2, func(c *T) {
		c.stage = stage
		c.Failf("a toy failure")
	})
	assert.NotContains(t, f.output(), "Try it by hand", "no server, nothing to replay")
}

// TestPrintfQuote: the shell's printf prints exactly the bytes quoted.
func TestPrintfQuote(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh here")
	}
	data := []byte("a'b\\c%d\r\n\x00\x7f\xff é")
	out, err := exec.Command("sh", "-c", "printf "+printfQuote(data)).Output()
	require.NoError(t, err)
	assert.Equal(t, data, out)
}

// TestTrafficAttr: a failing case's traffic goes out as an attribute, the
// server's log lines among it where they fell, and only there: the
// report's own text keeps the log at its end.
func TestTrafficAttr(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		log, _ := c.ServerLog()
		c.Event("alice", "connected")
		log.Info("hello from the server")
		c.Event("alice", "closed the connection")
		c.Failf("a toy failure")
	})
	assert.JSONEq(t, `[{"who":"alice","dir":"","text":"connected"},{"who":"server","dir":"log","text":"level=INFO msg=\"hello from the server\""},`+
		`{"who":"alice","dir":"","text":"closed the connection"}]`, f.attrs[AttrTraffic])
	assert.NotContains(t, f.output(), "server   level=INFO", "log lines are not traffic lines in the text")
}

// TestServerLogBounded: a server logging in a loop adds a bounded number
// of lines to the case's traffic.
func TestServerLogBounded(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		log, _ := c.ServerLog()
		for i := range 3 * maxLogEvents {
			log.Info("again", "i", i)
		}
		c.mu.Lock()
		n := len(c.log)
		c.mu.Unlock()
		assert.Equal(t, maxLogEvents, n)
	})
	_ = f
}

// TestCheckFrame: the check's own frame is the outermost of the run of
// frames outside the harness, but a suite's literal wrapping every case
// is passed over for the named check inside it.
func TestCheckFrame(t *testing.T) {
	helper := codeFrame{function: "x/limitstest.admit", at: "limitstest/admit.go:9"}
	check := codeFrame{function: "x/limitstest.(*suite).reject", at: "limitstest/limit.go:32"}
	wrapper := codeFrame{function: "x/limitstest.heldBack.func1", at: "limitstest/limitstest.go:153"}
	harness := codeFrame{function: "x/kit/check.runCase", at: "kit/check/check.go:250", harness: true}
	caseLiteral := codeFrame{function: "x/toy.toySuite.func2", at: "toy/toy.go:12"}
	helperLiteral := codeFrame{function: "x/toy.toySuite.func1", at: "toy/toy.go:5"}

	assert.Equal(t, "limitstest/limit.go:32", checkFrame([]codeFrame{helper, check, harness}))
	assert.Equal(t, "limitstest/limit.go:32", checkFrame([]codeFrame{helper, check, wrapper, harness}), "the wrapper is not the check")
	assert.Equal(t, "toy/toy.go:12", checkFrame([]codeFrame{helperLiteral, caseLiteral, harness}), "a case written as a literal is its own")
	assert.Equal(t, "limitstest/limit.go:32", checkFrame([]codeFrame{harness, check, harness, wrapper}), "the first run outside the harness")
}
