// Package perftest is the stage 06 suite: the stage 01 echo checks again,
// then the checks of a server built for load: pooled buffers, no buffer
// held while idle, TCP_NODELAY, a reader and a writer joined by a bounded
// queue, backpressure, zero allocations per message, 1,000 clients at
// once and an accept loop that outlives running out of descriptors. Call
// Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn, and Benchmark from a benchmark.
//
// Checks marked in-process hand the server a Pool of their own, or count
// allocations, so they need the server inside the test binary; the others
// talk to it only through TCP.
//
// The files hold one job each: the cases on buffers (buffers.go), on
// TCP_NODELAY (nodelay.go), on the queue (queue.go), under load (load.go),
// on goroutines per idle connection (goroutines.go), on writing inline
// (inline.go), on handing over to the writer (handover.go) and on accept
// errors
// (accept.go); the check's own Pool (checkpool.go);
// a client that writes without reading (push.go); and the report texts
// (messages.go).
package perftest

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/echocheck"
)

// Pool lends read buffers, as in the stage's package: Get returns a buffer
// of its full length, Put takes it back once nothing uses it.
type Pool interface {
	Get() *[]byte
	Put(*[]byte)
}

// Config configures one server, as the command-line flags would.
type Config struct {
	// Queue is how many chunks the reader may get ahead of the writer on
	// one connection (-queue). Zero means the server's default.
	Queue int
	// Pool, when not nil, is where the server must borrow its read
	// buffers. The in-process checks pass one that counts and poisons.
	Pool Pool
	// Log, when not nil, is the server's log. allocs passes one that
	// formats every line, so that a line logged per message shows as the
	// allocations it costs.
	Log *slog.Logger
}

// Command is cmd/perf with -queue, when cfg sets it.
func (cfg Config) Command() (server string, flags []string) {
	if cfg.Queue != 0 {
		flags = QueueFlag.Arg(cfg.Queue)
	}
	return "", flags
}

// Impl is the code under test.
type Impl struct {
	// Serve accepts connections on ln and echoes each one until ctx is
	// cancelled or ln is closed, configured by cfg.
	Serve check.Serve[Config]
}

// Run runs every stage 06 check against impl: first stage 01's echo
// checks as the group Echo, then this stage's own.
func Run(t *testing.T, impl Impl) {
	s := suite{impl}
	check.Run(t, Manifest.Suite(), append(s.echoCases(), []check.Case{
		{Name: "pool", Todo: 1, InProcess: true, Run: s.pool},
		{Name: "idle", Todo: 2, InProcess: true, Run: s.idle},
		{Name: "reset-returns", Todo: 1, InProcess: true, Run: s.resetReturns},
		{Name: "nodelay", Todo: 3, InProcess: true, Run: s.nodelay},
		{Name: "split", Todo: 4, InProcess: true, Run: s.split},
		{Name: "backpressure", Todo: 4, Run: s.backpressure},
		{Name: "abandon", Todo: 4, InProcess: true, Needs: []string{"split"}, Run: s.abandon},
		{Name: "streams", Todo: 4, InProcess: true, Run: s.streams},
		{Name: "allocs", Todo: 4, InProcess: true, Run: s.allocs},
		{Name: "thousand", Todo: 4, Watchdog: 20 * time.Second, Run: s.thousand},
		{Name: "idle-goroutines", Todo: 4, InProcess: true, Watchdog: 20 * time.Second, Run: s.idleGoroutines},
		{Name: "inline", Todo: 5, InProcess: true, Needs: []string{"split"}, Run: s.inline},
		// 16 MiB through the race detector on one CPU beside a busy loop
		// can take more than the default ten seconds.
		{Name: "catch-up", Todo: 5, InProcess: true, Needs: []string{"split"}, Watchdog: 30 * time.Second, Run: s.catchUp},
		{Name: "eagain", Todo: 5, InProcess: true, Needs: []string{"inline"}, Run: s.eagain},
		{Name: "eof-queued", Todo: 5, InProcess: true, Needs: []string{"split"}, Run: s.eofQueued},
		// The accept loop comes written (stage 05 taught it), so this
		// check points at no TODO: it guards the given code.
		{Name: "out-of-files", Watchdog: 20 * time.Second, Run: s.outOfFiles},
	}...))
}

type suite struct{ impl Impl }

// echoCases are stage 01's stream checks, as the group Echo, pointed at
// this stage's TODOs: a stage 06 server that fails one has usually broken
// it while moving buffers around (TODO 1) or splitting the loop in two
// (TODO 4). In-process, each case's server borrows from a poisoning
// checkPool of its own, so that a buffer put back before its Write
// returned shows in the echo every time, not only when another read
// happens to reuse it first.
func (s suite) echoCases() []check.Case {
	poisoned := func(ctx context.Context, ln net.Listener, cfg Config) error {
		cfg.Pool = newCheckPool()
		return s.impl.Serve(ctx, ln, cfg)
	}
	cases := check.Prefix("Echo", echocheck.Cases(poisoned, Config{}, echocheck.Options{AcceptTodo: 1, EchoTodo: 2, BufferTodo: 1}))
	for i := range cases {
		switch cases[i].Name {
		case "Echo/short", "Echo/binary":
			cases[i].Todo = 1
			run := cases[i].Run
			cases[i].Run = func(c *check.T) {
				c.Note(func() string {
					if !poisonArrived(c) {
						return ""
					}
					return msgPutTooEarly
				})
				run(c)
			}
		default:
			cases[i].Todo = 4
		}
	}
	return cases
}
