// Command ignores-sighup is the reference server with one mistake in its
// main function: it drains on Ctrl+C and SIGTERM but not on SIGHUP, which
// a server gets when the terminal it runs in is closed. Go's default for
// SIGHUP then kills it on the spot: no goodbye, no drain.
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"tcpworkbook/kit/run"
	shutdown "tcpworkbook/solutions/stage04-shutdown"
)

var (
	addr    = flag.String("addr", run.DefaultAddr, "address to listen on")
	maxLine = flag.Int("max-line", shutdown.DefaultMaxLine, "longest line accepted")
	idle    = flag.Duration("idle", shutdown.DefaultIdle, "close a connection that sends nothing for this long")
	drain   = flag.Duration("drain", shutdown.DefaultDrain, "how long a shutdown waits for connections")
)

func main() {
	flag.Parse()
	log := slog.New(run.NewHandler(os.Stderr))
	if err := serve(log); err != nil {
		log.Error("shutdown stopped", "err", err)
		os.Exit(1)
	}
}

func serve(log *slog.Logger) error {
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM) // BUG: no syscall.SIGHUP
	defer stop()
	s := shutdown.Server{MaxLine: *maxLine, Idle: *idle, Drain: *drain, Log: log}
	return s.Serve(ctx, ln)
}
