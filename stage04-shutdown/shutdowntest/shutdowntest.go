// Package shutdowntest is the stage 04 suite: the checks for a line echo
// server that shuts down gracefully and closes idle connections. Call Run
// from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address, except
// those marked InProcess, which also look at what Serve returns and at the
// goroutines left behind, and the process checks, which build the server's
// command and send it signals.
package shutdowntest

import (
	"testing"
	"time"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/linecheck"
)

// What the server tells a client before it hangs up.
const (
	goodbye    = "server shutting down\n"
	idleNotice = "idle timeout\n"
)

// Config is the server's configuration, as the command's flags set it.
type Config struct {
	MaxLine int           // -max-line: longest line, not counting "\n" or "\r\n"
	Idle    time.Duration // -idle: close a connection that sends nothing this long
	Drain   time.Duration // -drain: how long a shutdown waits before closing connections
}

// Command is cmd/shutdown with every flag set as cfg says.
func (cfg Config) Command() (server string, flags []string) {
	flags = append(MaxLineFlag.Arg(cfg.MaxLine), IdleFlag.Arg(cfg.Idle)...)
	return "", append(flags, DrainFlag.Arg(cfg.Drain)...)
}

// defaults is the configuration of checks that are not about its values:
// the command's defaults, but a drain timeout short enough that a failing
// check stops quickly.
func defaults() Config {
	return Config{MaxLine: MaxLineFlag.Default, Idle: IdleFlag.Default, Drain: time.Second}
}

// Impl is the code under test.
type Impl struct {
	// Serve runs the server with cfg on ln until ctx is cancelled, then
	// shuts it down gracefully and returns: nil when every connection
	// finished within cfg.Drain, otherwise an error that says how many were
	// cut off.
	Serve check.Serve[Config]
	// Command is the import path of the server's command, for example
	// "tcpworkbook/stage04-shutdown/cmd/shutdown". The process checks build
	// it with go build, run it and send it signals; they are skipped when
	// Command is empty and no external command (WORKBOOK_CMD) is set. It is
	// a field and not the manifest's command because the references and
	// the mutants each have their own.
	Command string
}

// Run runs every stage 04 check against impl: first stage 02's line echo
// checks, which this server must still pass, then the lifecycle.
func Run(t *testing.T, impl Impl) {
	s := suite{impl: impl, proc: &process{pkg: impl.Command}}
	check.Run(t, Manifest.Suite(), append(s.lineCases(), s.cases()...))
	// A process that exits during a process check has usually been told
	// to, by a signal: it is not an accept loop that quit early.
	processStage := Manifest.Suite()
	processStage.ServeTodo = 0
	check.Run(t, processStage, s.processCases())
}

type suite struct {
	impl Impl
	proc *process
}

func (s suite) cases() []check.Case {
	// in-flight is about a reply being written during the shutdown; it
	// builds on the plain goodbye, so that a failure after the whole reply
	// can only be a wake-up undone (see expectReplyThenGoodbye).
	afterGoodbye := []string{"goodbye"}
	return []check.Case{
		{Name: "refuse-new", Todo: 1, Run: s.refuseNew},
		{Name: "goodbye", Todo: 2, Run: s.goodbye},
		{Name: "in-flight", Todo: 2, Needs: afterGoodbye, Run: s.inFlight},
		{Name: "handlers", Todo: 3, InProcess: true, Run: s.handlers},
		{Name: "just-accepted", Todo: 3, InProcess: true, Run: s.justAccepted},
		{Name: "drain-timeout", Todo: 4, InProcess: true, Run: s.drainTimeout},
		{Name: "idle", Todo: 5, Run: s.idle},
		{Name: "chatty", Todo: 5, Run: s.chatty},
		{Name: "stalled-reader", Todo: 5, InProcess: true, Watchdog: 20 * time.Second, Run: s.stalledReader},
		{Name: "zero-config", Todo: 5, InProcess: true, Run: s.zeroConfig},
		{Name: "wake-released", Todo: 2, InProcess: true, Run: s.wakeReleased},
	}
}

func (s suite) processCases() []check.Case {
	const build = 2 * time.Minute // the first build of the command may be slow
	return []check.Case{
		{Name: "process/sigint", Todo: 3, Watchdog: build, Run: s.proc.sigint},
		{Name: "process/sigterm", Todo: 3, Watchdog: build, Run: s.proc.sigterm},
		{Name: "process/sighup", Todo: 3, Watchdog: build, Run: s.proc.sighup},
		{Name: "process/second-signal", Todo: 3, Watchdog: build, Run: s.proc.secondSignal},
	}
}

// lineCases are stage 02's line echo checks, run against this server.
// Their TODO numbers are stage 02's, so they are dropped: the line echo
// came written, and a failure there means a change for one of this
// stage's TODOs broke it.
func (s suite) lineCases() []check.Case {
	withMaxLine := func(maxLine int) Config {
		cfg := defaults()
		cfg.MaxLine = maxLine
		return cfg
	}
	return check.Inherit(linecheck.Cases(s.impl.Serve, withMaxLine, 0), noteLineCases)
}
