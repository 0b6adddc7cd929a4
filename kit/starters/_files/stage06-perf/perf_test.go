package perf_test

import (
	"context"
	"net"
	"testing"

	perf "tcpworkbook/stage06-perf"
	"tcpworkbook/stage06-perf/perftest"
)

var impl = perftest.Impl{Serve: func(ctx context.Context, ln net.Listener, cfg perftest.Config) error {
	s := perf.Server{Queue: cfg.Queue, Pool: cfg.Pool, Log: cfg.Log}
	return s.Serve(ctx, ln)
}}

// TestPerf runs the stage 06 checks against your server. Run one check
// alone with, for example, go test ./stage06-perf/ -run 'Perf/idle'.
func TestPerf(t *testing.T) { perftest.Run(t, impl) }

// BenchmarkPerf measures your server over loopback:
//
//	go test -run '^$' -bench . -count 6 ./stage06-perf/ > yours.txt
//	go test -run '^$' -bench . -count 6 ./solutions/stage06-perf/ > reference.txt
//	benchstat reference.txt yours.txt
func BenchmarkPerf(b *testing.B) { perftest.Benchmark(b, impl) }
