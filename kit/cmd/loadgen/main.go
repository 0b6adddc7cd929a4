// Command loadgen loads an echo server over TCP and measures it, checking
// every byte that comes back.
//
// One server:
//
//	go run ./kit/cmd/loadgen -addr 127.0.0.1:8080 -mode pingpong -conns 50 -duration 5s
//	go run ./kit/cmd/loadgen -mode stream -conns 4 -size 16384
//	go run ./kit/cmd/loadgen -mode idle -conns 5000 -pid $(pgrep -n perf)
//
// Several servers, one after another, on free ports, in one table:
//
//	go run ./kit/cmd/loadgen -compare -duration 3s
//	go run ./kit/cmd/loadgen -compare -servers stage01-ref,stage06-ref,tokio
//	go run ./kit/cmd/loadgen -compare -server 'mine=path/to/echo-server'
//
// The built-in server tokio is the lecture's Tokio echo, which compare mode
// builds with cargo from tokio-echo at the workspace root, or from the
// directory given by -tokio DIR. Without that Cargo project it is skipped;
// stage06-perf/README.md, section "The lecture's Tokio server", says how
// to make it.
//
// It talks to loopback addresses only: it is a tool for your own machine,
// not for load-testing someone else's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"tcpworkbook/kit/load"
)

// defaultSize is the message size of each mode when -size is not given.
var defaultSize = map[load.Mode]int{load.PingPong: 64, load.Stream: 16 << 10, load.Idle: 12}

func main() {
	opts, err := parseArgs(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		os.Exit(2) // the flag package has printed the error and the usage
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if opts.compare {
		err = runCompare(ctx, opts.cc, os.Stdout, os.Stderr)
	} else {
		err = runOne(ctx, opts.one)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// options is what the command line asks for: one run, or with -compare,
// a comparison.
type options struct {
	compare bool
	one     load.Config
	cc      compareConfig
}

// parseArgs reads the command line, args without the program's name. The
// usage, and what is wrong with args, go to errOut.
func parseArgs(args []string, errOut io.Writer) (options, error) {
	flags := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	flags.SetOutput(errOut)
	var (
		addr     = flags.String("addr", "127.0.0.1:8080", "the echo server to load (loopback only)")
		mode     = flags.String("mode", "pingpong", "pingpong, stream or idle")
		conns    = flags.Int("conns", 50, fmt.Sprintf("connections, 1 to %d", load.MaxConns))
		size     = flags.Int("size", 0, "bytes per message (pingpong) or per write (stream); 0: 64 or 16384")
		duration = flags.Duration("duration", 5*time.Second, "how long to run; idle: how long to hold the connections")
		pid      = flags.Int("pid", 0, "the server's process ID, to report its memory per connection (idle) or its CPU time per message (Linux)")

		compare     = flags.Bool("compare", false, "start several servers one after another and compare them")
		servers     = flags.String("servers", strings.Join(builtinNames(), ","), "compare: which built-in servers to run, comma-separated")
		streamConns = flags.Int("stream-conns", 4, "compare: connections in the stream run")
		streamSize  = flags.Int("stream-size", 16<<10, "compare: bytes per write in the stream run")
		idleConns   = flags.Int("idle-conns", 5000, "compare: connections in the idle run")
		rounds      = flags.Int("rounds", 3, "compare: rounds of ping-pong and stream runs; the table shows each server's median")
		modes       = flags.String("modes", "pingpong,stream,idle", "compare: which runs to make, comma-separated")
		pin         = flags.String("pin", "auto", "compare: auto pins each server to one CPU (Go servers with GOMAXPROCS=1) "+
			"and loadgen to the others when there are 2 or more (Linux); on insists; off shares every CPU")
		idleHold = flags.Duration("idle-hold", 2*time.Second, "compare: how long to hold the idle connections before reading memory")
		tokio    = flags.String("tokio", "", "compare: build the server tokio, the lecture's Tokio echo, "+
			"from the Cargo project in `DIR` (default tokio-echo at the workspace root)")
	)
	var extra []serverSpec
	flags.Func("server", "compare: also run `name=command args`; the command gets -addr host:port appended (repeatable)", func(s string) error {
		spec, err := parseServer(s)
		extra = append(extra, spec)
		return err
	})
	if err := flags.Parse(args); err != nil {
		return options{}, err
	}
	return options{
		compare: *compare,
		one: load.Config{
			Addr: *addr, Mode: load.Mode(*mode), Conns: *conns, Size: sizeOr(*size, load.Mode(*mode)),
			Duration: *duration, PID: *pid,
		},
		cc: compareConfig{
			names: splitList(*servers), extra: extra, modes: splitList(*modes), rounds: *rounds, pin: *pin, tokio: *tokio,
			pingPong: load.Config{Mode: load.PingPong, Conns: *conns, Size: sizeOr(*size, load.PingPong), Duration: *duration},
			stream:   load.Config{Mode: load.Stream, Conns: *streamConns, Size: *streamSize, Duration: *duration},
			idle:     load.Config{Mode: load.Idle, Conns: *idleConns, Size: defaultSize[load.Idle], Duration: *idleHold},
		},
	}, nil
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
