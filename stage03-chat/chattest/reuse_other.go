//go:build !unix

package chattest

import (
	"errors"
	"syscall"
)

// reuseAddr would set SO_REUSEADDR; address-reuse runs only on Unix.
func reuseAddr(network, address string, rc syscall.RawConn) error {
	return errors.New("setting SO_REUSEADDR is written only for Unix here")
}

// smallWindow leaves the socket as it is here: full-outbox then sends
// more before its stalled clients' outboxes are full.
func smallWindow(network, address string, rc syscall.RawConn) error { return nil }
