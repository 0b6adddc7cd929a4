// Command limits runs your line-echo server with a connection limit:
//
//	go run ./stage05-limits/cmd/limits -addr 127.0.0.1:8080 -max-conns 2 -policy reject
//
// then, in other terminals, nc 127.0.0.1 8080: the third one is turned away
// (or, with -policy wait, kept waiting until one of the first two leaves).
//
// Ctrl+C (or SIGTERM) starts stage 04's graceful shutdown; a second Ctrl+C
// exits at once with status 1.
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"time"

	"tcpworkbook/kit/run"
	limits "tcpworkbook/stage05-limits"
)

func main() {
	s := limits.Server{
		MaxConns: limits.DefaultMaxConns,
		Policy:   limits.Reject,
		MaxLine:  limits.DefaultMaxLine,
		Idle:     limits.DefaultIdle,
		Drain:    limits.DefaultDrain,
	}
	// Each numeric flag is refused at start-up outside its range: a limit
	// of 0 or a negative duration means nothing, and a huge one would
	// fail only later.
	flag.Var(run.IntRange(&s.MaxConns, 1, 1_000_000), "max-conns", "serve at most `n` clients at once")
	flag.Var(&s.Policy, "policy", "the `policy` for a client over the limit: reject (tell it and hang up) or wait (leave it in the backlog)")
	flag.Var(run.IntRange(&s.MaxLine, 1, 1<<30), "max-line", "the longest line accepted, in `bytes`")
	flag.Var(run.DurationRange(&s.Idle, time.Millisecond, 24*time.Hour), "idle",
		"close a connection that sends no line, or reads no reply, for this `long`")
	flag.Var(run.DurationRange(&s.Drain, time.Millisecond, time.Hour), "drain", "how `long` a shutdown waits for connections before closing them")
	run.Main(run.Program{
		Name: "limits",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s.Log = log
			return s.Serve(ctx, ln)
		},
	})
}
