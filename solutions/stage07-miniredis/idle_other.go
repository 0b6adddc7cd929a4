//go:build !unix

package miniredis

import (
	"net"
	"syscall"
)

// rawConn is nil where a socket cannot be peeked at: each connection
// waits with its buffers, as bufio does.
func rawConn(net.Conn) syscall.RawConn { return nil }

// readNow is never called where rawConn is nil.
func readNow(uintptr, []byte) (int, error) { return 0, syscall.EINVAL }
