// Command perf runs the reference stage 06 echo server.
//
//	go run ./solutions/stage06-perf/cmd/perf -addr 127.0.0.1:8080 -queue 8
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	perf "tcpworkbook/solutions/stage06-perf"
)

// maxQueue bounds -queue. Each connection's channel takes 8 bytes a slot
// when it opens, and a full one holds a 16 KiB buffer a slot; a value
// past this is a typo, refused at start-up (exit status 2) rather than
// found at the first client as an out-of-memory crash.
const maxQueue = 65536

func main() {
	queue := perf.DefaultQueue
	flag.Var(run.IntRange(&queue, 1, maxQueue), "queue", "`chunks` the reader may get ahead of the writer on one connection")
	run.Main(run.Program{
		Name: "perf",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s := perf.Server{Log: log, Queue: queue}
			return s.Serve(ctx, ln)
		},
	})
}
