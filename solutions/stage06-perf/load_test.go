package perf_test

// Tests of the load generator's engine, tcpworkbook/kit/load, beside the
// reference's benchmarks that drive it (stage06-perf/perftest/bench.go).

import (
	"context"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"tcpworkbook/kit/load"
)

func TestLoadQuantile(t *testing.T) {
	for _, unit := range []time.Duration{time.Nanosecond, time.Microsecond, time.Millisecond, time.Second} {
		var h load.Histogram
		for i := 1; i <= 1000; i++ {
			h.Record(time.Duration(i) * unit)
		}
		for _, c := range []struct {
			q    float64
			want time.Duration
		}{{0.5, 500 * unit}, {0.99, 990 * unit}, {1, 1000 * unit}} {
			got := h.Quantile(c.q)
			if got < c.want*92/100 || got > c.want*108/100 {
				t.Errorf("unit %v: Quantile(%v) = %v, want about %v", unit, c.q, got, c.want)
			}
		}
		if h.Count() != 1000 || h.Max() != 1000*unit {
			t.Errorf("Count, Max = %d, %v; want 1000, %v", h.Count(), h.Max(), 1000*unit)
		}
	}
	var h load.Histogram
	if n := testing.AllocsPerRun(100, func() { h.Record(123 * time.Microsecond) }); n != 0 {
		t.Errorf("Record allocated %v times", n)
	}
}

// loadServer serves each connection with handle until the test ends.
func loadServer(t *testing.T, handle func(net.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				handle(conn)
			}()
		}
	}()
	return ln.Addr().String()
}

func copyBack(conn net.Conn) { io.Copy(conn, conn) }

func runLoad(t *testing.T, cfg load.Config) *load.Result {
	t.Helper()
	s, err := load.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.Run(context.Background())
}

func TestLoadModes(t *testing.T) {
	addr := loadServer(t, copyBack)
	for _, cfg := range []load.Config{
		{Mode: load.PingPong, Conns: 3, Size: 64, Messages: 300},
		{Mode: load.PingPong, Conns: 2, Size: 5, Duration: 50 * time.Millisecond},
		{Mode: load.Stream, Conns: 2, Size: 16 << 10, Messages: 200},
		{Mode: load.Stream, Conns: 2, Size: 1000, Duration: 50 * time.Millisecond},
		{Mode: load.Idle, Conns: 20, Size: 1, Duration: 10 * time.Millisecond},
	} {
		cfg.Addr = addr
		if cfg.Mode == load.Idle && runtime.GOOS == "linux" {
			cfg.PID = os.Getpid()
		}
		r := runLoad(t, cfg)
		if r.Errors != 0 || r.FirstErr != nil {
			t.Errorf("%+v: %d errors, first %v", cfg, r.Errors, r.FirstErr)
		}
		if cfg.Messages > 0 && r.Messages != cfg.Messages {
			t.Errorf("%s: %d messages, want %d", cfg.Mode, r.Messages, cfg.Messages)
		}
		if cfg.Mode != load.Idle && (r.Messages == 0 || r.Latency.Count() != uint64(r.Messages)) {
			t.Errorf("%s: %d messages, %d latencies", cfg.Mode, r.Messages, r.Latency.Count())
		}
		if cfg.Mode == load.Idle && (r.Open != cfg.Conns || (cfg.PID != 0 && r.RSSAfter == 0)) {
			t.Errorf("idle: open %d, RSS %d", r.Open, r.RSSAfter)
		}
	}
}

func TestLoadCatchesCorruption(t *testing.T) {
	// The server flips one bit in the 5,000th byte of every connection.
	addr := loadServer(t, func(conn net.Conn) {
		buf := make([]byte, 1000)
		var seen int
		for {
			n, err := conn.Read(buf)
			for i := range n {
				if seen+i == 4999 {
					buf[i] ^= 1
				}
			}
			seen += n
			conn.Write(buf[:n])
			if err != nil {
				return
			}
		}
	})
	for _, mode := range []load.Mode{load.PingPong, load.Stream} {
		r := runLoad(t, load.Config{Addr: addr, Mode: mode, Conns: 2, Size: 100, Messages: 1000})
		if r.Errors == 0 || r.FirstErr == nil || !strings.Contains(r.FirstErr.Error(), "differs at byte 4999") {
			t.Errorf("%s: errors %d, first %v; want a connection to fail at byte 4999", mode, r.Errors, r.FirstErr)
		}
	}
}

func TestLoadCancel(t *testing.T) {
	addr := loadServer(t, copyBack)
	s, err := load.Open(context.Background(), load.Config{Addr: addr, Mode: load.PingPong, Conns: 2, Size: 10, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r := s.Run(ctx)
	if r.Errors != 0 || r.Elapsed > 5*time.Second {
		t.Errorf("cancelled run: %d errors (%v) after %v", r.Errors, r.FirstErr, r.Elapsed)
	}
}

func TestLoadConfigCheck(t *testing.T) {
	bad := []load.Config{
		{Mode: "bulk", Conns: 1, Size: 1, Messages: 1},
		{Mode: load.PingPong, Conns: load.MaxConns + 1, Size: 1, Messages: 1},
		{Mode: load.PingPong, Conns: 1, Size: 0, Messages: 1},
		{Mode: load.Stream, Conns: 1, Size: 1},
	}
	for _, c := range bad {
		if err := c.Check(); err == nil {
			t.Errorf("Check(%+v) = nil, want an error", c)
		}
	}
	if _, err := load.Open(context.Background(), load.Config{Addr: "127.0.0.1:1", Mode: load.Idle, Conns: 1, Size: 1}); err == nil {
		t.Errorf("Open with nothing listening succeeded")
	}
}
