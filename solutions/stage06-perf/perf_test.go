package perf_test

import (
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	perf "tcpworkbook/solutions/stage06-perf"
	"tcpworkbook/solutions/stage06-perf/mutants"
	"tcpworkbook/stage06-perf/perftest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var impl = perftest.Impl{Serve: func(ln net.Listener, o perftest.Options) error {
	s := perf.Server{Queue: o.Queue, Pool: o.Pool}
	return s.Serve(ln)
}}

func TestPerf(t *testing.T) { perftest.Run(t, impl) }

// BenchmarkPerf measures the reference; compare a student's run against it
// with benchstat.
func BenchmarkPerf(b *testing.B) { perftest.Benchmark(b, impl) }

// Each mutant makes one common mistake; the named check must catch it.
func TestMutants(t *testing.T) {
	check.Mutants(t, []check.Mutant{
		{Name: "unbounded-queue", Check: "backpressure"},
		{Name: "early-put", Check: "streams"},
		{Name: "copy-per-chunk", Check: "allocs"},
		{Name: "worker-pool", Check: "thousand"},
		{Name: "stuck-reader", Check: "abandon"},
	}, func(t *testing.T, name string) {
		perftest.Run(t, perftest.Impl{Serve: mutants.Servers[name]})
	})
}
