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

// fullSocket returns one end of a Unix socket pair whose send buffer is
// full and stays full: a non-blocking write to it fails with EAGAIN, as a
// write to a client that has stopped reading does. close releases both
// ends.
func fullSocket() (fd int, close func(), err error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		return 0, nil, err
	}
	close = func() {
		syscall.Close(fds[0])
		syscall.Close(fds[1])
	}
	if err := syscall.SetNonblock(fds[0], true); err != nil {
		close()
		return 0, nil, err
	}
	chunk := make([]byte, 64<<10)
	for {
		_, err := syscall.Write(fds[0], chunk)
		if err == syscall.EAGAIN {
			return fds[0], close, nil
		}
		if err != nil && err != syscall.EINTR {
			close()
			return 0, nil, err
		}
	}
}
