//go:build unix

package perftest

import (
	"errors"
	"fmt"
	"net"
	"syscall"
)

var errUnsupported = errors.New("unsupported")

// noDelay reports whether TCP_NODELAY is set on conn.
func noDelay(conn *net.TCPConn) (bool, error) {
	raw, err := conn.SyscallConn()
	if err != nil {
		return false, err
	}
	var v int
	var gerr error
	err = raw.Control(func(fd uintptr) {
		v, gerr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_NODELAY)
	})
	if err == nil {
		err = gerr
	}
	return v != 0, err
}

// ensureFiles makes sure this process may have need files open, raising
// its soft RLIMIT_NOFILE up to the hard limit if it must. If that is not
// enough it says why.
func ensureFiles(need uint64) (string, bool) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Sprintf("could not read RLIMIT_NOFILE: %v", err), false
	}
	if uint64(lim.Cur) >= need {
		return "", true
	}
	if uint64(lim.Max) < need {
		return fmt.Sprintf("the hard limit on open files is %d and %d are needed; "+
			"raise it (ulimit -Hn, or LimitNOFILE in systemd) and run again", lim.Max, need), false
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Sprintf("could not raise the open-file limit to %d: %v; try ulimit -n %d", need, err, need), false
	}
	return "", true
}
