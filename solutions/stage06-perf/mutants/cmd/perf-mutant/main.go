// Command perf-mutant runs one of the known-wrong stage 06 servers, so that
// the suite can be shown to reject it as an external command too:
//
//	go build -o bin/perf-mutant ./solutions/stage06-perf/mutants/cmd/perf-mutant
//	WORKBOOK_CMD='bin/perf-mutant -mutant unbounded-queue' go test ./stage06-perf/ -run 'Perf/backpressure'
//
// Only unbounded-queue, worker-pool and exit-on-emfile are caught from
// outside: the other mistakes are found by in-process checks (a poisoning
// pool, counted allocations, buffers left out of the pool).
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage06-perf/mutants"
	"tcpworkbook/stage06-perf/perftest"
)

var (
	pick  = run.MutantFlag(mutants.Servers)
	queue = 8
)

func init() {
	flag.Var(run.IntRange(&queue, 1, 65536), "queue", "`chunks` the reader may get ahead of the writer (for the mutants that have a queue)")
}

func main() {
	run.Main(run.Program{
		Name: "perf-mutant",
		Serve: func(ctx context.Context, ln net.Listener, _ *slog.Logger) error {
			serve, err := pick()
			if err != nil {
				return err
			}
			return serve(ctx, ln, perftest.Config{Queue: queue})
		},
	})
}
