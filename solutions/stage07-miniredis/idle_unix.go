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

// nothingYet reports whether socket fd has nothing to read: no byte, no
// EOF, no error. It peeks, so the byte it may see stays for the real read.
func nothingYet(fd uintptr) bool {
	var b [1]byte
	for {
		_, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		if err != syscall.EINTR {
			return err == syscall.EAGAIN
		}
	}
}
