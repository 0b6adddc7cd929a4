// Package limitstest is the stage 05 suite: the checks for a line-echo
// server with a connection limit, contained panics and accept-error
// backoff, and a few of stage 04's lifecycle checks run again. Call Run
// from a test with your implementation, in the style of
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
	"slices"
	"testing"
	"time"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/linecheck"
)

// Busy is the line a client over the limit gets under the reject policy,
// just before the server closes its connection.
const Busy = "server busy, try again later\n"

// TooLong is stage 02's answer to a line over the limit.
const TooLong = "error: line too long\n"

// What stage 04's lifecycle tells a client before it hangs up.
const (
	Goodbye    = "server shutting down\n"
	IdleNotice = "idle timeout\n"
)

// Config is a server configuration, as the checks ask for it. The first
// five fields are the command-line flags of the same names; a zero means
// the flag is left out, and the server's default holds.
type Config struct {
	MaxConns int           // -max-conns: clients served at once
	Policy   string        // -policy: "reject" or "wait"
	MaxLine  int           // -max-line: the longest line, in bytes
	Idle     time.Duration // -idle: close a connection silent this long
	Drain    time.Duration // -drain: how long a shutdown waits for handlers

	// Handler, if not nil, serves each connection instead of the line
	// echo. ctx is cancelled when the server shuts down. The server
	// closes the connection when Handler returns, and must survive its
	// errors and its panics.
	Handler func(ctx context.Context, conn net.Conn) error
	// Sleep, if not nil, is how the server pauses after a temporary
	// Accept error. The checks record the delays instead of waiting.
	Sleep func(ctx context.Context, d time.Duration)
	// Log, if not nil, gets the server's log.
	Log *slog.Logger
}

// Logger and WithLogger let Launch give a server run in process the case's
// log (check.LoggingConfig).
func (cfg Config) Logger() *slog.Logger { return cfg.Log }

// WithLogger is cfg logging to l.
func (cfg Config) WithLogger(l *slog.Logger) Config {
	cfg.Log = l
	return cfg
}

// Command is cmd/limits with cfg's flags; a zero field leaves its flag
// out, and the command's default holds.
func (cfg Config) Command() (server string, flags []string) {
	if cfg.MaxConns != 0 {
		flags = append(flags, MaxConnsFlag.Arg(cfg.MaxConns)...)
	}
	if cfg.Policy != "" {
		flags = append(flags, PolicyFlag.Arg(cfg.Policy)...)
	}
	if cfg.MaxLine != 0 {
		flags = append(flags, MaxLineFlag.Arg(cfg.MaxLine)...)
	}
	if cfg.Idle != 0 {
		flags = append(flags, IdleFlag.Arg(cfg.Idle)...)
	}
	if cfg.Drain != 0 {
		flags = append(flags, DrainFlag.Arg(cfg.Drain)...)
	}
	return "", flags
}

// Impl is the code under test.
type Impl struct {
	// Serve runs a server configured by cfg on ln until ctx is cancelled
	// or ln is closed.
	Serve check.Serve[Config]
}

// Run runs every stage 05 check against impl, then three of stage 04's
// lifecycle checks, then stage 02's line-echo checks as Limits/Lines/...
func Run(t *testing.T, impl Impl) {
	s := &suite{impl: impl}
	// The checks that make a handler panic run only once every check
	// before them passes: a server that does not recover yet would crash
	// the whole test binary, losing every other report. Run alone (go test
	// -run), they always run.
	var before []string
	needsAll := func() []string { return slices.Clone(before) }
	cases := []check.Case{
		{Name: "reject", Todo: 1, Run: s.reject},
		{Name: "reject-default", Todo: 1, Run: s.rejectDefault},
		{Name: "free-on-close", Todo: 2, Run: s.freeOnClose},
		{Name: "free-on-reset", Todo: 2, Run: s.freeOnReset},
		{Name: "free-on-error", Todo: 2, InProcess: true, Run: s.freeOnError},
		{Name: "cycles", Todo: 2, Run: s.cycles},
	}
	for _, tc := range cases {
		before = append(before, tc.Name)
	}
	cases = append(heldBack(cases),
		check.Case{Name: "free-on-panic", Todo: 3, InProcess: true, Needs: needsAll(), Run: s.freeOnPanic},
		check.Case{Name: "panic-contained", Todo: 3, InProcess: true, Needs: needsAll(), Run: s.panicContained},
		check.Case{Name: "goroutines", Todo: 2, InProcess: true, Needs: needsAll(), Run: s.goroutines},
	)
	cases = append(cases, []check.Case{
		{Name: "wait", Todo: 4, Run: s.wait},
		{Name: "wait-before-accept", Todo: 4, InProcess: true, Run: s.waitBeforeAccept},
		{Name: "wait-stop", Todo: 4, InProcess: true, Run: s.waitStop},
		{Name: "accept-temporary", Todo: 5, InProcess: true, Run: s.acceptTemporary},
		{Name: "accept-backoff", Todo: 5, InProcess: true, Run: s.acceptBackoff},
		{Name: "accept-permanent", Todo: 5, InProcess: true, Run: s.acceptPermanent},
		{Name: "out-of-files", Todo: 5, Run: s.outOfFiles},
		// Both TODOs meet here: the wait policy's slot and the temporary
		// errors. It runs once each passes on its own.
		{Name: "wait-accept-errors", Todo: 4, InProcess: true, Needs: []string{"wait", "accept-temporary"}, Run: s.waitAcceptErrors},
		// The checks from here on test code that came written: they
		// pass from the start, and are here so that no TODO breaks it.
		{Name: "serve-returns", Todo: 5, InProcess: true, Run: s.serveReturns},
		{Name: "shutdown", Run: s.shutdown},
		{Name: "idle", Run: s.idle},
		{Name: "stalled-reader", Watchdog: 20 * time.Second, Run: s.stalledReader},
	}...)
	cases = append(cases, s.lineCases()...)
	check.Run(t, Manifest.Suite(), cases)
}

// heldBack adds to each case's failure report which checks it holds back,
// and why: a skipped check is easy to miss in a plain go test run.
func heldBack(cases []check.Case) []check.Case {
	out := slices.Clone(cases)
	for i := range out {
		run := out[i].Run
		out[i].Run = func(c *check.T) {
			c.Note(func() string { return noteHeldBack })
			run(c)
		}
	}
	return out
}

type suite struct {
	impl Impl
}

// lineCases are stage 02's line-echo checks, run against this server with
// a generous connection limit. The line echo is already written in the
// starter, so they name no TODO.
func (s *suite) lineCases() []check.Case {
	withMaxLine := func(maxLine int) Config {
		return Config{MaxConns: MaxConnsFlag.Default, Policy: PolicyFlag.Default, MaxLine: maxLine}
	}
	return check.Inherit(linecheck.Cases(s.impl.Serve, withMaxLine, 0), noteLineCases)
}

// logged is cfg with the server's log kept for the case's report, and
// that log (empty for an external command, which logs to its own output),
// for a check that reads the log itself; Launch gives every other case
// its log.
func logged(c *check.T, cfg Config) (Config, *check.Output) {
	var log *check.Output
	cfg.Log, log = c.ServerLog()
	return cfg, log
}
