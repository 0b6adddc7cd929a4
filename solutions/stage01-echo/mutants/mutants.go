// Package mutants holds known-wrong echo servers, one per common mistake.
// The solutions' tests prove that the stage 01 suite rejects each one, with
// the check named next to it.
package mutants

import (
	"errors"
	"net"
)

// Servers maps each mutant's name, as echotest.Manifest.Mutants and the
// echo-mutant command know it, to its Serve function.
var Servers = map[string]func(net.Listener) error{
	"whole-buffer":    WholeBuffer,
	"one-at-a-time":   OneAtATime,
	"ignore-eof":      IgnoreEOF,
	"first-read-only": FirstReadOnly,
	"exit-on-reset":   ExitOnReset,
	"leak":            Leak,
	"closed-is-error": ClosedIsError,
	"line-scanner":    LineScanner,
	"read-all-first":  ReadAllFirst,
	"panic-on-reset":  PanicOnReset,
	"no-echo":         NoEcho,
	"no-close":        NoClose,
	"shared-buffer":   SharedBuffer,
	"accept-spins":    AcceptSpins,
	"adds-newline":    AddsNewline,
}

// Listens maps the name of each mutant of Listen to it. Those mutants run
// with the reference Serve.
var Listens = map[string]func(...string) (net.Listener, error){
	"first-address-only": FirstAddressOnly,
	"tcp4-only":          TCP4Only,
}

// Crashers names the mutants that end their process on purpose. Run in a
// test binary they would end the test too, before any report, so the
// solutions' tests run them as a separate command (WORKBOOK_CMD), as a
// student's own server can be run.
var Crashers = map[string]bool{
	"exit-on-reset":  true,
	"panic-on-reset": true,
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
