package perf_test

import (
	"context"
	"maps"
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	perf "tcpworkbook/solutions/stage06-perf"
	"tcpworkbook/solutions/stage06-perf/mutants"
	"tcpworkbook/stage06-perf/perftest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var impl = perftest.Impl{Serve: func(ctx context.Context, ln net.Listener, cfg perftest.Config) error {
	s := perf.Server{Queue: cfg.Queue, Pool: cfg.Pool, Log: cfg.Log}
	return s.Serve(ctx, ln)
}}

func TestPerf(t *testing.T) { perftest.Run(t, impl) }

// BenchmarkPerf measures the reference; compare a student's run against it
// with benchstat.
func BenchmarkPerf(b *testing.B) { perftest.Benchmark(b, impl) }

// Each mutant makes one common mistake; the check the manifest names must
// catch it, pointing at the TODO it names.
func TestMutants(t *testing.T) {
	check.Mutants(t, perftest.Manifest.Mutants, func(t *testing.T, name string) {
		perftest.Run(t, mutants.All[name])
	})
}

// TestMutantNames: the mutants package serves exactly the mutants the
// manifest lists, so neither can gain one the other does not know.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, perftest.Manifest.Mutants, maps.Keys(mutants.All))
}
