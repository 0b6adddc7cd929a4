// Command miniredis runs the reference Redis-compatible server:
//
//	go run ./solutions/stage07-miniredis/cmd/miniredis -addr 127.0.0.1:6380
//
// then, in another terminal, redis-cli -p 6380. Ctrl+C (or SIGTERM)
// starts the graceful shutdown; a second Ctrl+C exits at once.
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	miniredis "tcpworkbook/solutions/stage07-miniredis"
	"tcpworkbook/stage07-miniredis/miniredistest"
)

func main() {
	// The flags, as the tests pass them (miniredistest has their facts),
	// each refused at start-up outside its range.
	var s miniredis.Server
	miniredistest.MaxBulkFlag.Declare(&s.MaxBulk)
	miniredistest.MaxClientsFlag.Declare(&s.MaxClients)
	miniredistest.TimeoutFlag.Declare(&s.IdleTimeout)
	miniredistest.PubSubLimitFlag.Declare(&s.PubSubLimit)
	run.Main(run.Program{
		Name: "miniredis",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s.Log = log
			return s.Serve(ctx, ln)
		},
	})
}
