// Command limits runs your line-echo server with a connection limit:
//
//	go run ./stage05-limits/cmd/limits -addr 127.0.0.1:8080 -max-conns 2 -policy reject
//
// then, in other terminals, nc 127.0.0.1 8080: the third one is turned away
// (or, with -policy wait, kept waiting until one of the first two leaves).
//
// Ctrl+C (or SIGTERM) starts stage 04's graceful shutdown; a second Ctrl+C
// exits at once with status 1.
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	limits "tcpworkbook/stage05-limits"
	"tcpworkbook/stage05-limits/limitstest"
)

func main() {
	// The flags, as the tests pass them (limitstest has their facts), each
	// refused at start-up outside its range: a limit of 0 or a negative
	// duration means nothing, and a huge one would fail only later.
	var s limits.Server
	limitstest.MaxConnsFlag.Declare(&s.MaxConns)
	limitstest.PolicyFlag.Declare(&s.Policy)
	limitstest.MaxLineFlag.Declare(&s.MaxLine)
	limitstest.IdleFlag.Declare(&s.Idle)
	limitstest.DrainFlag.Declare(&s.Drain)
	run.Main(run.Program{
		Name: "limits",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s.Log = log
			return s.Serve(ctx, ln)
		},
	})
}
