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
