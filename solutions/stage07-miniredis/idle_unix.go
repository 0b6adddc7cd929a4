//go:build unix

package miniredis

import (
	"net"
	"syscall"
)

// rawConn is conn's raw socket, for waiting without a buffer, or nil when
// conn is not a socket (a test's wrapper, say).
func rawConn(conn net.Conn) syscall.RawConn {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return raw
}

// readNow reads socket fd into buf without blocking (Go's sockets are
// non-blocking), retrying a read a signal interrupted. EAGAIN means
// nothing yet.
func readNow(fd uintptr, buf []byte) (int, error) {
	for {
		n, err := syscall.Read(int(fd), buf)
		if err != syscall.EINTR {
			return max(n, 0), err
		}
	}
}
