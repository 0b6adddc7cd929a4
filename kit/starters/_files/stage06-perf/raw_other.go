//go:build !unix

package perf

import (
	"errors"
	"net"
	"syscall"
)

// rawConn returns nil: on this system a socket's raw descriptor is a
// handle that readNow cannot read, so chunks keeps reading with conn.Read.
func rawConn(net.Conn) syscall.RawConn { return nil }

// readNow is not available on this system.
func readNow(uintptr, []byte) (int, error) { return 0, errors.ErrUnsupported }

// writeNow is not available on this system.
func writeNow(uintptr, []byte) (int, error) { return 0, errors.ErrUnsupported }
