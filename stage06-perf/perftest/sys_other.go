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
