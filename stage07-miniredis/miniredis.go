// Package miniredis is your server for stage 07.
//
// Work through the TODOs in order. Run the checks with
//
//	go test -race ./stage07-miniredis/...
//
// and read the first failure: it says what was sent, what came back, and
// which TODO to open.
package miniredis

import (
	"context"
	"errors"
	"net"
)

// Server answers each line a client sends with the same line.
type Server struct{}

// Serve accepts connections on ln until ctx is cancelled or ln is closed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// TODO(1): loop: accept a connection, and answer each line it sends
	// with the same line, in a goroutine of its own; return nil once ln
	// is closed (errors.Is(err, net.ErrClosed)).
	_ = ctx
	return errors.New("Serve is not written yet: see TODO(1)")
}
