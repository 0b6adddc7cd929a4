// Command perf runs your stage 06 echo server:
//
//	go run ./stage06-perf/cmd/perf -addr 127.0.0.1:8080 -queue 8
//
// then load it with go run ./stage06-perf/cmd/loadgen -addr 127.0.0.1:8080.
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	perf "tcpworkbook/stage06-perf"
)

var queue = flag.Int("queue", perf.DefaultQueue, "chunks the reader may get ahead of the writer on one connection")

func main() {
	run.Main(run.Program{
		Name: "perf",
		Serve: func(_ context.Context, ln net.Listener, log *slog.Logger) error {
			s := perf.Server{Log: log, Queue: *queue}
			return s.Serve(ln)
		},
	})
}
