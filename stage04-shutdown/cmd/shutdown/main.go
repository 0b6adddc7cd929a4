// Command shutdown runs your line echo server with graceful
// shutdown and idle timeouts:
//
//	go run ./stage04-shutdown/cmd/shutdown -addr 127.0.0.1:8080 -idle 10s
//
// Ctrl+C (or SIGTERM) starts a graceful shutdown; a second Ctrl+C exits at
// once with status 1.
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	shutdown "tcpworkbook/stage04-shutdown"
)

var (
	maxLine = flag.Int("max-line", shutdown.DefaultMaxLine, "longest line accepted, in bytes, not counting \"\\n\" or \"\\r\\n\"")
	idle    = flag.Duration("idle", shutdown.DefaultIdle, "close a connection that sends nothing for this long")
	drain   = flag.Duration("drain", shutdown.DefaultDrain, "how long a shutdown waits for connections before closing them")
)

func main() {
	run.Main(run.Program{
		Name: "shutdown",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s := shutdown.Server{MaxLine: *maxLine, Idle: *idle, Drain: *drain, Log: log}
			return s.Serve(ctx, ln)
		},
	})
}
