// Command loadgen loads an echo server over TCP and measures it, checking
// every byte that comes back.
//
// One server:
//
//	go run ./stage06-perf/cmd/loadgen -addr 127.0.0.1:8080 -mode pingpong -conns 50 -duration 5s
//	go run ./stage06-perf/cmd/loadgen -mode stream -conns 4 -size 16384
//	go run ./stage06-perf/cmd/loadgen -mode idle -conns 5000 -pid $(pgrep -n perf)
//
// Several servers, one after another, on free ports, in one table:
//
//	go run ./stage06-perf/cmd/loadgen -compare -duration 3s
//	go run ./stage06-perf/cmd/loadgen -compare -server 'tokio=./tokio-echo/target/release/tokio-echo'
//
// It talks to loopback addresses only: it is a tool for your own machine,
// not for load-testing someone else's.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"tcpworkbook/stage06-perf/load"
)

// defaultSize is the message size of each mode when -size is not given.
var defaultSize = map[load.Mode]int{load.PingPong: 64, load.Stream: 16 << 10, load.Idle: 12}

func main() {
	var (
		addr     = flag.String("addr", "127.0.0.1:8080", "the echo server to load (loopback only)")
		mode     = flag.String("mode", "pingpong", "pingpong, stream or idle")
		conns    = flag.Int("conns", 50, fmt.Sprintf("connections, 1 to %d", load.MaxConns))
		size     = flag.Int("size", 0, "bytes per message (pingpong) or per write (stream); 0: 64 or 16384")
		duration = flag.Duration("duration", 5*time.Second, "how long to run; idle: how long to hold the connections")
		pid      = flag.Int("pid", 0, "the server's process ID, to report its memory per connection (idle) or its CPU time per message (Linux)")

		compare     = flag.Bool("compare", false, "start several servers one after another and compare them")
		servers     = flag.String("servers", strings.Join(builtinNames(), ","), "compare: which built-in servers to run, comma-separated")
		streamConns = flag.Int("stream-conns", 4, "compare: connections in the stream run")
		streamSize  = flag.Int("stream-size", 16<<10, "compare: bytes per write in the stream run")
		idleConns   = flag.Int("idle-conns", 5000, "compare: connections in the idle run")
		rounds      = flag.Int("rounds", 3, "compare: rounds of ping-pong and stream runs; the table shows each server's median")
		modes       = flag.String("modes", "pingpong,stream,idle", "compare: which runs to make, comma-separated")
		pin         = flag.String("pin", "auto", "compare: auto pins each server to one CPU (Go servers with GOMAXPROCS=1) "+
			"and loadgen to the others when there are 2 or more (Linux); on insists; off shares every CPU")
		idleHold = flag.Duration("idle-hold", 2*time.Second, "compare: how long to hold the idle connections before reading memory")
	)
	var extra []serverSpec
	flag.Func("server", "compare: also run `name=command args`; the command gets -addr host:port appended (repeatable)", func(s string) error {
		spec, err := parseServer(s)
		extra = append(extra, spec)
		return err
	})
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	if *compare {
		err = runCompare(ctx, compareConfig{
			names: splitList(*servers), extra: extra, modes: splitList(*modes), rounds: *rounds, pin: *pin,
			pingPong: load.Config{Mode: load.PingPong, Conns: *conns, Size: sizeOr(*size, load.PingPong), Duration: *duration},
			stream:   load.Config{Mode: load.Stream, Conns: *streamConns, Size: *streamSize, Duration: *duration},
			idle:     load.Config{Mode: load.Idle, Conns: *idleConns, Size: defaultSize[load.Idle], Duration: *idleHold},
		}, os.Stdout, os.Stderr)
	} else {
		err = runOne(ctx, load.Config{
			Addr: *addr, Mode: load.Mode(*mode), Conns: *conns, Size: sizeOr(*size, load.Mode(*mode)),
			Duration: *duration, PID: *pid,
		})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func sizeOr(size int, m load.Mode) int {
	if size > 0 {
		return size
	}
	return defaultSize[m]
}

// runOne loads the server at cfg.Addr and prints one table row.
func runOne(ctx context.Context, cfg load.Config) error {
	if err := loopbackOnly(cfg.Addr); err != nil {
		return err
	}
	r, err := measure(ctx, cfg, cfg.Addr)
	if err != nil {
		return err
	}
	printRun(os.Stdout, r)
	if r.FirstErr != nil {
		return fmt.Errorf("%d connections failed; the first: %w", r.Errors, r.FirstErr)
	}
	return nil
}

// measure opens the connections, runs the load with a progress bar, and
// closes them.
func measure(ctx context.Context, cfg load.Config, label string) (*load.Result, error) {
	cfg.Progress = new(load.Progress)
	bar := startBar(label, cfg)
	s, err := load.Open(ctx, cfg)
	if err != nil {
		bar.stop()
		return nil, err
	}
	defer s.Close()
	r := s.Run(ctx)
	bar.stop()
	return r, nil
}

// loopbackOnly refuses addresses that are not on this machine's loopback
// interface.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q: loadgen only loads servers on loopback (127.0.0.1, [::1] or localhost)", addr)
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
