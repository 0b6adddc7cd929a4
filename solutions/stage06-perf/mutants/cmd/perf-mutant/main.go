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
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage06-perf/mutants"
	"tcpworkbook/stage06-perf/perftest"
)

var (
	pick  = run.MutantFlag(mutants.All)
	queue int
)

// The reference command's flag, from the same facts.
func init() { perftest.QueueFlag.Declare(&queue) }

func main() {
	run.Main(run.Program{
		Name: "perf-mutant",
		Serve: func(ctx context.Context, ln net.Listener, _ *slog.Logger) error {
			impl, err := pick()
			if err != nil {
				return err
			}
			return impl.Serve(ctx, ln, perftest.Config{Queue: queue})
		},
	})
}
