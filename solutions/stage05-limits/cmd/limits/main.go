// Command limits runs the reference line-echo server with a connection limit:
//
//	go run ./solutions/stage05-limits/cmd/limits -addr 127.0.0.1:8080 -max-conns 2 -policy reject
//
// then, in other terminals, nc 127.0.0.1 8080: the third one is turned away
// (or, with -policy wait, kept waiting until one of the first two leaves).
//
// Ctrl+C (or SIGTERM) starts stage 04's graceful shutdown; a second Ctrl+C
// exits at once with status 1.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"
	"strconv"
	"time"

	"tcpworkbook/kit/run"
	limits "tcpworkbook/solutions/stage05-limits"
)

func main() {
	s := limits.Server{
		MaxConns: limits.DefaultMaxConns,
		Policy:   limits.Reject,
		MaxLine:  limits.DefaultMaxLine,
		Idle:     limits.DefaultIdle,
		Drain:    limits.DefaultDrain,
	}
	flag.Var(positive{&s.MaxConns}, "max-conns", "serve at most `n` clients at once")
	flag.Var(&s.Policy, "policy", "the `policy` for a client over the limit: reject (tell it and hang up) or wait (leave it in the backlog)")
	flag.Var(positive{&s.MaxLine}, "max-line", "the longest line accepted, in `bytes`")
	flag.Var(positiveDuration{&s.Idle}, "idle", "close a connection that sends nothing for this `long`")
	flag.Var(positiveDuration{&s.Drain}, "drain", "how `long` a shutdown waits for connections before closing them")
	run.Main(run.Program{
		Name: "limits",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s.Log = log
			return s.Serve(ctx, ln)
		},
	})
}

// positive is a flag.Value for a count that must be at least 1.
type positive struct{ n *int }

func (v positive) String() string {
	if v.n == nil {
		return "0"
	}
	return strconv.Itoa(*v.n)
}

func (v positive) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("not a whole number")
	}
	if n < 1 {
		return errors.New("must be at least 1")
	}
	*v.n = n
	return nil
}

// positiveDuration is a flag.Value for a duration that must be more than
// zero, in Go's syntax: 200ms, 1.5s, 2m.
type positiveDuration struct{ d *time.Duration }

func (v positiveDuration) String() string {
	if v.d == nil {
		return "0s"
	}
	return v.d.String()
}

func (v positiveDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("not a duration, such as 200ms or 30s")
	}
	if d <= 0 {
		return errors.New("must be more than zero")
	}
	*v.d = d
	return nil
}
