//go:build !unix

package perftest

import (
	"errors"
	"net"
)

var errUnsupported = errors.New("reading socket options is only done on Unix")

func noDelay(*net.TCPConn) (bool, error) { return false, errUnsupported }

// ensureFiles assumes the platform allows enough sockets.
func ensureFiles(uint64) (string, bool) { return "", true }

// fullSocket is only made on Unix, where the stage writes inline.
func fullSocket() (int, func(), error) { return 0, nil, errUnsupported }
