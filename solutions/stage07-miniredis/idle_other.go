//go:build !unix

package miniredis

import (
	"net"
	"syscall"
)

// rawConn is nil where a socket cannot be peeked at: each connection
// waits with its buffers, as bufio does.
func rawConn(net.Conn) syscall.RawConn { return nil }

// nothingYet is never called where rawConn is nil.
func nothingYet(uintptr) bool { return false }
