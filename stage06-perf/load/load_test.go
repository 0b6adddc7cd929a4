package load

import (
	"context"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// echoServer serves each connection with handle until the test ends.
func echoServer(t *testing.T, handle func(net.Conn)) string {
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

func run(t *testing.T, cfg Config) *Result {
	t.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.Run(context.Background())
}

func TestModes(t *testing.T) {
	addr := echoServer(t, copyBack)
	for _, cfg := range []Config{
		{Mode: PingPong, Conns: 3, Size: 64, Messages: 300},
		{Mode: PingPong, Conns: 2, Size: 5, Duration: 50 * time.Millisecond},
		{Mode: Stream, Conns: 2, Size: 16 << 10, Messages: 200},
		{Mode: Stream, Conns: 2, Size: 1000, Duration: 50 * time.Millisecond},
		{Mode: Idle, Conns: 20, Size: 1, Duration: 10 * time.Millisecond},
	} {
		cfg.Addr = addr
		if cfg.Mode == Idle && runtime.GOOS == "linux" {
			cfg.PID = os.Getpid()
		}
		r := run(t, cfg)
		if r.Errors != 0 || r.FirstErr != nil {
			t.Errorf("%+v: %d errors, first %v", cfg, r.Errors, r.FirstErr)
		}
		if cfg.Messages > 0 && r.Messages != cfg.Messages {
			t.Errorf("%s: %d messages, want %d", cfg.Mode, r.Messages, cfg.Messages)
		}
		if cfg.Mode != Idle && (r.Messages == 0 || r.Latency.Count() != uint64(r.Messages)) {
			t.Errorf("%s: %d messages, %d latencies", cfg.Mode, r.Messages, r.Latency.Count())
		}
		if cfg.Mode == Idle && (r.Open != cfg.Conns || (cfg.PID != 0 && r.RSSAfter == 0)) {
			t.Errorf("idle: open %d, RSS %d", r.Open, r.RSSAfter)
		}
	}
}

func TestCorruptionIsCaught(t *testing.T) {
	// The server flips one bit in the 5,000th byte of every connection.
	addr := echoServer(t, func(conn net.Conn) {
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
	for _, mode := range []Mode{PingPong, Stream} {
		r := run(t, Config{Addr: addr, Mode: mode, Conns: 2, Size: 100, Messages: 1000})
		if r.Errors == 0 || r.FirstErr == nil || !strings.Contains(r.FirstErr.Error(), "differs at byte 4999") {
			t.Errorf("%s: errors %d, first %v; want a connection to fail at byte 4999", mode, r.Errors, r.FirstErr)
		}
	}
}

func TestCancel(t *testing.T) {
	addr := echoServer(t, copyBack)
	s, err := Open(context.Background(), Config{Addr: addr, Mode: PingPong, Conns: 2, Size: 10, Duration: time.Hour})
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

func TestCheck(t *testing.T) {
	bad := []Config{
		{Mode: "bulk", Conns: 1, Size: 1, Messages: 1},
		{Mode: PingPong, Conns: MaxConns + 1, Size: 1, Messages: 1},
		{Mode: PingPong, Conns: 1, Size: 0, Messages: 1},
		{Mode: Stream, Conns: 1, Size: 1},
	}
	for _, c := range bad {
		if err := c.Check(); err == nil {
			t.Errorf("Check(%+v) = nil, want an error", c)
		}
	}
	if _, err := Open(context.Background(), Config{Addr: "127.0.0.1:1", Mode: Idle, Conns: 1, Size: 1}); err == nil {
		t.Errorf("Open with nothing listening succeeded")
	}
}
