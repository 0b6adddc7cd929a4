// Package catchonly is the main function of the reference server with one
// mistake: it drains on the signals it is given, and on no others. The
// mutant commands ignores-sigterm and ignores-sighup are it with the one
// signal each leaves out.
package catchonly

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"

	"tcpworkbook/kit/run"
	shutdown "tcpworkbook/solutions/stage04-shutdown"
	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// Main parses the command's flags and serves until one of sigs arrives.
// Any other signal that ends a process by default ends it on the spot: no
// goodbye, no drain, and no exit status of its own.
func Main(sigs ...os.Signal) {
	var addr string
	run.AddrFlag.Declare(&addr)
	var s shutdown.Server
	shutdowntest.MaxLineFlag.Declare(&s.MaxLine)
	shutdowntest.IdleFlag.Declare(&s.Idle)
	shutdowntest.DrainFlag.Declare(&s.Drain)
	flag.Parse()
	log := slog.New(run.NewHandler(os.Stderr))
	ln, err := run.Listen(addr)
	if err == nil {
		ctx, stop := signal.NotifyContext(context.Background(), sigs...)
		defer stop()
		s.Log = log
		err = s.Serve(ctx, ln)
	}
	if err != nil {
		log.Error("shutdown stopped", "err", err)
		os.Exit(1)
	}
}
