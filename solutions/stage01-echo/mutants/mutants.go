// Package mutants holds known-wrong echo servers, one per common mistake.
// The solutions' tests prove that the stage 01 suite rejects each one, with
// the check named next to it.
package mutants

import (
	"context"
	"errors"
	"net"

	"tcpworkbook/stage01-echo/echotest"
)

// All maps each mutant's name, as echotest.Manifest.Mutants and the
// echo-mutant command know it, to the suite's Impl with that one mistake;
// the part a mutant leaves out is the reference's.
var All = map[string]echotest.Impl{
	"whole-buffer":    serving(WholeBuffer),
	"one-at-a-time":   serving(OneAtATime),
	"ignore-eof":      serving(IgnoreEOF),
	"first-read-only": serving(FirstReadOnly),
	"exit-on-reset":   serving(ExitOnReset),
	"leak":            serving(Leak),
	"closed-is-error": serving(ClosedIsError),
	"line-scanner":    serving(LineScanner),
	"read-all-first":  serving(ReadAllFirst),
	"panic-on-reset":  serving(PanicOnReset),
	"no-echo":         serving(NoEcho),
	"no-close":        serving(NoClose),
	"shared-buffer":   serving(SharedBuffer),
	"accept-spins":    serving(AcceptSpins),
	"adds-newline":    serving(AddsNewline),
	// Mistakes in Listen: they run with the reference Serve.
	"first-address-only": {Listen: FirstAddressOnly},
	"tcp4-only":          {Listen: TCP4Only},
	"last-error-only":    {Listen: LastErrorOnly},
}

// serving is the Impl whose Serve is the mutant serve.
func serving(serve func(net.Listener) error) echotest.Impl {
	return echotest.Impl{Serve: func(_ context.Context, ln net.Listener, _ echotest.Config) error { return serve(ln) }}
}

// serve is a correct accept loop; most mutants supply a faulty handler.
func serve(ln net.Listener, handle func(net.Conn)) error {
	return acceptLoop(ln, func(conn net.Conn) { go handle(conn) })
}

// acceptLoop passes each accepted connection to dispatch until ln is closed.
func acceptLoop(ln net.Listener, dispatch func(net.Conn)) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		dispatch(conn)
	}
}
