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
	"log/slog"
	"net"
	"time"

	"tcpworkbook/kit/run"
	shutdown "tcpworkbook/solutions/stage04-shutdown"
	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// The flags, as the tests pass them (shutdowntest has their facts), each
// refused at start-up outside its range: a limit of 0 or a negative
// duration means nothing, and a huge one would fail only later.
var (
	maxLine     int
	idle, drain time.Duration
)

func init() {
	shutdowntest.MaxLineFlag.Declare(&maxLine)
	shutdowntest.IdleFlag.Declare(&idle)
	shutdowntest.DrainFlag.Declare(&drain)
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
