// Package limitstest is the stage 05 suite: the checks for a line-echo
// server with a connection limit, contained panics and accept-error
// backoff. Call Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address, except
// those marked InProcess: they inject a handler that fails or panics, a
// listener whose Accept fails, or a Sleep that records the backoff.
package limitstest

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"testing"
	"time"

	"tcpworkbook/kit/check"
	"tcpworkbook/stage02-framing/framingtest"
)

// Busy is the line a client over the limit gets under the reject policy,
// just before the server closes its connection.
const Busy = "server busy, try again later\n"

// TooLong is stage 02's answer to a line over the limit.
const TooLong = "error: line too long\n"

// Config is a server configuration, as the checks ask for it. The first
// three fields are the command-line flags of the same names.
type Config struct {
	MaxConns int    // -max-conns: clients served at once
	Policy   string // -policy: "reject" or "wait"
	MaxLine  int    // -max-line: the longest line, in bytes

	// Handler, if not nil, serves each connection instead of the line
	// echo. The server closes the connection when it returns, and must
	// survive its errors and its panics.
	Handler func(conn net.Conn) error
	// Sleep, if not nil, is how the server pauses after a temporary
	// Accept error. The checks record the delays instead of waiting.
	Sleep func(ctx context.Context, d time.Duration)
	// Log, if not nil, gets the server's log.
	Log *slog.Logger
}

// Impl is the code under test.
type Impl struct {
	// Serve runs a server configured by cfg on ln until ctx is cancelled
	// or ln is closed.
	Serve func(ctx context.Context, ln net.Listener, cfg Config) error
}

// Stage describes stage 05 for failure messages.
var Stage = check.Stage{
	Name: "Limits",
	File: "stage05-limits/limits.go",
	Todos: map[int]string{
		1: "the reject policy in Serve (take a slot without waiting; with none free, tell the client Busy and close)",
		2: "serveConn: give the slot back on every way out of the handler (defer)",
		3: "serveConn: recover a panicking handler and log it with its stack",
		4: "the wait policy in Serve (wait for a slot before Accept, and give up when ctx is done)",
		5: "Accept errors in Serve (back off from temporary ones, 5 ms doubling to 1 s; return the others)",
	},
	ServeTodo: 5,
}

// Run runs every stage 05 check against impl, then stage 02's line-echo
// checks as Limits/Lines/...
func Run(t *testing.T, impl Impl) {
	s := &suite{impl: impl, top: t}
	cases := []check.Case{
		{Name: "reject", Todo: 1, Run: s.reject},
		{Name: "free-on-close", Todo: 2, Run: s.freeOnClose},
		{Name: "free-on-reset", Todo: 2, Run: s.freeOnReset},
		{Name: "free-on-error", Todo: 2, InProcess: true, Run: s.freeOnError},
		{Name: "cycles", Todo: 2, Run: s.cycles},
		{Name: "free-on-panic", Todo: 3, InProcess: true, Run: s.oncePassing(s.freeOnPanic)},
		{Name: "panic-contained", Todo: 3, InProcess: true, Run: s.oncePassing(s.panicContained)},
		{Name: "goroutines", Todo: 2, InProcess: true, Run: s.oncePassing(s.goroutines)},
		{Name: "wait", Todo: 4, Run: s.wait},
		{Name: "wait-before-accept", Todo: 4, InProcess: true, Run: s.waitBeforeAccept},
		{Name: "wait-stop", Todo: 4, InProcess: true, Run: s.waitStop},
		{Name: "accept-temporary", Todo: 5, InProcess: true, Run: s.acceptTemporary},
		{Name: "accept-backoff", Todo: 5, InProcess: true, Run: s.acceptBackoff},
		{Name: "accept-permanent", Todo: 5, InProcess: true, Run: s.acceptPermanent},
		{Name: "serve-returns", Todo: 5, InProcess: true, Run: s.serveReturns},
	}
	check.Run(t, Stage, append(cases, s.lineCases()...))
}

type suite struct {
	impl Impl
	top  *testing.T // the test that runs the whole suite
}

// lineCases are stage 02's line-echo checks, run against this server with
// a generous connection limit. The line echo is already written in the
// starter, so they name no TODO.
func (s *suite) lineCases() []check.Case {
	return check.Inherit(framingtest.LineCases(func(maxLine int) check.ServeFunc {
		return s.serveFunc(Config{MaxConns: 100, Policy: "reject", MaxLine: maxLine})
	}), "this check comes from stage 02. The line echo is in stage05-limits/lines.go, already written for you: if it fails, compare that file with stage 02.")
}

// serveFunc is impl.Serve with cfg, in the form the harness runs.
func (s *suite) serveFunc(cfg Config) check.ServeFunc {
	return func(ctx context.Context, ln net.Listener) error { return s.impl.Serve(ctx, ln, cfg) }
}

// flags is the command-line form of cfg, for an external server.
func flags(cfg Config) []string {
	f := []string{"-max-conns", strconv.Itoa(cfg.MaxConns), "-policy", cfg.Policy}
	if cfg.MaxLine != 0 {
		f = append(f, "-max-line", strconv.Itoa(cfg.MaxLine))
	}
	return f
}

// launch starts a server with cfg for a check that needs only TCP: in
// process, or as the external command with cfg's flags.
func (s *suite) launch(c *check.T, cfg Config) {
	c.Helper()
	cfg.Log = captureLog(c)
	c.Launch(s.serveFunc(cfg), flags(cfg)...)
}

// start runs impl.Serve with cfg on ln inside the test binary. The channel
// receives what Serve returns.
func (s *suite) start(c *check.T, ln net.Listener, cfg Config) (*check.Server, <-chan error) {
	c.Helper()
	if cfg.Log == nil {
		cfg.Log = captureLog(c)
	}
	done := make(chan error, 1)
	srv := c.StartOn(ln, func(ctx context.Context, ln net.Listener) error {
		err := s.impl.Serve(ctx, ln, cfg)
		done <- err
		return err
	})
	return srv, done
}

// oncePassing runs a check that makes the handler panic only when every
// check before it has passed. A server that does not recover yet would
// crash the whole test binary, and the reports of the earlier failures
// would be lost with it. Run alone (go test -run), the check always runs.
func (s *suite) oncePassing(run func(c *check.T)) func(c *check.T) {
	return func(c *check.T) {
		if s.top.Failed() {
			c.Skip("runs once the checks before it pass: its handler panics, and a server that does not recover yet would crash the whole run (run it alone with -run to see)")
		}
		run(c)
	}
}
