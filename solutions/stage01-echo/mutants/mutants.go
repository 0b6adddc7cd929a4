// Package mutants holds known-wrong echo servers, one per common mistake.
// The solutions' tests prove that the stage 01 suite rejects each one, with
// the check named next to it.
package mutants

import (
	"errors"
	"net"
)

// Servers maps each mutant's name, as TestMutants and the echo-mutant
// command know it, to its Serve function.
var Servers = map[string]func(net.Listener) error{
	"whole-buffer":    WholeBuffer,
	"one-at-a-time":   OneAtATime,
	"ignore-eof":      IgnoreEOF,
	"first-read-only": FirstReadOnly,
	"exit-on-reset":   ExitOnReset,
	"leak":            Leak,
	"closed-is-error": ClosedIsError,
}

// Listens maps the name of each mutant of Listen to it. Those mutants run
// with the reference Serve.
var Listens = map[string]func(...string) (net.Listener, error){
	"first-address-only": FirstAddressOnly,
	"tcp4-only":          TCP4Only,
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
