// Command perf runs your stage 06 echo server:
//
//	go run ./stage06-perf/cmd/perf -addr 127.0.0.1:8080 -queue 8
//
// then load it with go run ./kit/cmd/loadgen -addr 127.0.0.1:8080.
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	perf "tcpworkbook/stage06-perf"
	"tcpworkbook/stage06-perf/perftest"
)

func main() {
	// -queue, as the tests pass it (perftest has its facts and range).
	var queue int
	perftest.QueueFlag.Declare(&queue)
	run.Main(run.Program{
		Name: "perf",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s := perf.Server{Log: log, Queue: queue}
			return s.Serve(ctx, ln)
		},
	})
}
