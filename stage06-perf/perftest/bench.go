package perftest

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"tcpworkbook/kit/load"
)

// benchCases are the loads every stage 06 server is measured under: round
// trips of small messages on one connection and on fifty, and four
// connections streaming 16 KiB writes.
var benchCases = []struct {
	name  string
	mode  load.Mode
	conns int
	size  int
}{
	{"pingpong/conns=1/size=64", load.PingPong, 1, 64},
	{"pingpong/conns=50/size=64", load.PingPong, 50, 64},
	{"stream/conns=4/size=16KiB", load.Stream, 4, 16 << 10},
}

// Benchmark measures impl over loopback, with the client in the same
// process. One op is one message: a 64-byte round trip, or one 16 KiB
// write echoed in full. Besides ns/op, MB/s and allocs/op it reports
// msgs/s and the p50 and p99 latency in microseconds. allocs/op counts the
// whole process, client included; the client allocates nothing per message.
//
// Compare two versions with benchstat:
//
//	go test -run '^$' -bench . -count 6 ./stage06-perf/ > yours.txt
func Benchmark(b *testing.B, impl Impl) {
	for _, bc := range benchCases {
		b.Run(bc.name, func(b *testing.B) {
			addr := benchServer(b, impl)
			s, err := load.Open(context.Background(), load.Config{
				Addr: addr, Mode: bc.mode, Conns: bc.conns, Size: bc.size, Messages: int64(b.N),
			})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			b.SetBytes(int64(bc.size))
			b.ReportAllocs()
			b.ResetTimer()
			r := s.Run(context.Background())
			b.StopTimer()
			if r.FirstErr != nil {
				b.Fatalf("%d connections failed; the first: %v", r.Errors, r.FirstErr)
			}
			b.ReportMetric(r.MsgsPerSec(), "msgs/s")
			b.ReportMetric(micros(r.Latency.Quantile(0.50)), "p50-µs")
			b.ReportMetric(micros(r.Latency.Quantile(0.99)), "p99-µs")
		})
	}
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// benchServer runs impl on a fresh loopback listener until the benchmark
// ends.
func benchServer(b *testing.B, impl Impl) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- impl.Serve(ctx, ln, Config{}) }()
	b.Cleanup(func() {
		cancel()
		ln.Close()
		select {
		case err := <-done:
			if err != nil && !errors.Is(err, net.ErrClosed) {
				b.Errorf("Serve returned %v", err)
			}
		case <-time.After(5 * time.Second):
			b.Errorf("Serve did not return within 5s of its listener closing")
		}
	})
	return ln.Addr().String()
}
