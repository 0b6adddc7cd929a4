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

// smallWindow asks, before a client connects, for small TCP segments and
// a small receive buffer. On loopback a segment is 64 KiB, and the
// server's kernel sizes its send buffer from it: some 4 MB would wait
// there for a client that never reads. With small segments it is some
// 100 KB. Either option failing only makes the buffers larger.
func smallWindow(network, address string, rc syscall.RawConn) error {
	return rc.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, 536)
		syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10)
	})
}
