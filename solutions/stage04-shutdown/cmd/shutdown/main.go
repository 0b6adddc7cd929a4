// Command shutdown runs the reference line echo server with graceful
// shutdown and idle timeouts:
//
//	go run ./solutions/stage04-shutdown/cmd/shutdown -addr 127.0.0.1:8080 -idle 10s
//
// Ctrl+C (or SIGTERM) starts a graceful shutdown; a second Ctrl+C exits at
// once with status 1.
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"time"

	"tcpworkbook/kit/run"
	shutdown "tcpworkbook/solutions/stage04-shutdown"
)

// The flags, each refused at start-up outside its range: a limit of 0 or a
// negative duration means nothing, and a huge one would fail only later.
var maxLine, idle, drain = shutdown.DefaultMaxLine, shutdown.DefaultIdle, shutdown.DefaultDrain

func init() {
	flag.Var(run.IntRange(&maxLine, 1, 1<<30), "max-line", "the longest line accepted, in `bytes`, not counting \"\\n\" or \"\\r\\n\"")
	flag.Var(run.DurationRange(&idle, time.Millisecond, 24*time.Hour), "idle",
		"close a connection that sends no line, or reads no reply, for this `long`")
	flag.Var(run.DurationRange(&drain, time.Millisecond, time.Hour), "drain", "how `long` a shutdown waits for connections before closing them")
}

func main() {
	run.Main(run.Program{
		Name: "shutdown",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s := shutdown.Server{MaxLine: maxLine, Idle: idle, Drain: drain, Log: log}
			return s.Serve(ctx, ln)
		},
	})
}
