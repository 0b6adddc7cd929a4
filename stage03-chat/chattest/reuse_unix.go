//go:build unix

package chattest

import (
	"errors"
	"syscall"
)

// reuseAddr sets SO_REUSEADDR on a client's socket before it is bound, so
// that it can take the local port a reset connection has just given up.
func reuseAddr(network, address string, rc syscall.RawConn) error {
	var setErr error
	err := rc.Control(func(fd uintptr) {
		setErr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	})
	return errors.Join(err, setErr)
}
