// Package run is the main function shared by every server command in the
// workbook: it parses -addr, listens, logs in colour and turns Ctrl+C into
// a cancelled context.
package run

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
)

// DefaultAddr is where servers listen unless told otherwise, as in the lecture.
const DefaultAddr = "127.0.0.1:8080"

// AddrFlag is -addr, every server command's: Main declares it, and a
// command that serves in a way of its own declares it too, and listens
// with Listen.
var AddrFlag = String{
	Name:    "addr",
	Usage:   "address to listen on; a comma-separated list is tried in order",
	Default: DefaultAddr,
}

// Listen listens on the first address of list, a comma-separated -addr,
// that can be bound.
func Listen(list string) (net.Listener, error) { return listenFirst(splitAddrs(list)...) }

// Program describes one server command.
type Program struct {
	Name string
	// Listen binds the first address that works. Nil means net.Listen on
	// each address in turn.
	Listen func(addrs ...string) (net.Listener, error)
	// Prepare, if set, runs after the flags are parsed and before the
	// listener opens, so that bad configuration (a missing file, say) is
	// reported at start-up rather than at the first client.
	Prepare func() error
	// Serve runs the server until ctx is cancelled or ln is closed.
	Serve func(ctx context.Context, ln net.Listener, log *slog.Logger) error
}

// Main runs p and exits. Stage-specific flags are declared with the flag
// package before Main is called; Main parses them together with -addr.
//
// The first Ctrl+C (or SIGTERM, or the SIGHUP of a closed terminal)
// cancels Serve's context and closes the listener; a second one exits at once with status 1. Serve returning nil
// (or net.ErrClosed) exits with status 0, any other error with status 1.
func Main(p Program) {
	var addr string
	AddrFlag.Declare(&addr)
	flag.Parse()
	// A server's log is a diagnostic, so it goes to stderr, as Go's log
	// and slog do by default: stdout stays free for the program's output.
	color.NoColor = !colourOn(os.Stderr)
	log := slog.New(NewHandler(os.Stderr))

	if err := serve(p, splitAddrs(addr), log); err != nil {
		log.Error(p.Name+" stopped", "err", err)
		os.Exit(1)
	}
}

// colourOn reports whether a log written to f should be coloured: f is a
// terminal, and neither NO_COLOR nor TERM=dumb asks for plain text.
func colourOn(f *os.File) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// splitAddrs turns "a,b" into its addresses, dropping empty ones: an
// empty address would quietly listen on every interface.
func splitAddrs(list string) []string {
	var addrs []string
	for a := range strings.SplitSeq(list, ",") {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, a)
		}
	}
	return addrs
}

func serve(p Program, addrs []string, log *slog.Logger) error {
	if p.Prepare != nil {
		if err := p.Prepare(); err != nil {
			return fmt.Errorf("cannot start: %w", err)
		}
	}
	// Catch signals before listening: once a client can connect, a Ctrl+C
	// must start a shutdown, never kill the process outright. SIGHUP is
	// what a server gets when the terminal it runs in is closed, which in
	// class is the usual way it ends: Go's default would kill it mid-reply.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)

	if len(addrs) == 0 {
		return errors.New("no address to listen on: give -addr host:port")
	}
	listen := p.Listen
	if listen == nil {
		listen = listenFirst
	}
	ln, err := listen(addrs...)
	if err != nil {
		return err
	}
	log.Info(p.Name+" listening", "addr", ln.Addr().String())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan struct{})
	defer close(served)
	go onSignals(sigs, served, log, func() {
		cancel()
		ln.Close()
	})

	err = p.Serve(ctx, ln, log)
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

// onSignals calls shutdown on the first signal and exits with status 1 on
// the second, for a shutdown that is taking too long. One channel serves
// both, so no signal can slip between two handlers.
func onSignals(sigs <-chan os.Signal, served <-chan struct{}, log *slog.Logger, shutdown func()) {
	select {
	case <-served:
		return
	case sig := <-sigs:
		log.Warn("shutting down; press Ctrl+C again to exit at once", "signal", sig.String())
	}
	shutdown()
	select {
	case <-served:
	case <-sigs:
		log.Error("second signal: exiting now")
		os.Exit(1)
	}
}

// listenFirst listens on the first of addrs that can be bound.
func listenFirst(addrs ...string) (net.Listener, error) {
	if len(addrs) == 0 {
		return nil, errors.New("no address given")
	}
	var errs []error
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err == nil {
			return ln, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("no address could be bound: %w", errors.Join(errs...))
}
