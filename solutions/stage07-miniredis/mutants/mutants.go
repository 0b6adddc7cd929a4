// Package mutants holds known-wrong stage 07 servers, one realistic
// mistake each. The solutions' tests prove that the suite rejects each one
// with the check, and the TODO, that miniredistest.Manifest.Mutants names.
package mutants

import (
	"context"
	"errors"
	"net"

	"tcpworkbook/stage07-miniredis/miniredistest"
)

// All maps each mutant's name, as miniredistest.Manifest.Mutants and the
// miniredis-mutant command know it, to the suite's Impl with that one
// mistake.
var All = map[string]miniredistest.Impl{
	"no-reply": {Serve: NoReply},
}

// NoReply accepts every connection and never answers: the accept loop of
// TODO(1) with the handler forgotten.
func NoReply(ctx context.Context, ln net.Listener, _ miniredistest.Config) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		conns = append(conns, conn)
	}
}
