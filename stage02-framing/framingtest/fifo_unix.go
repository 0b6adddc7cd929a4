//go:build unix

package framingtest

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"time"
)

// mkfifo makes a FIFO (a named pipe) at path.
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o600) }

// unblockFIFO frees whoever is stuck opening the FIFO at path for
// reading: such an open waits for a writer, so one opens it and closes it
// again at once. A path that is not a FIFO with a reader is left alone.
func unblockFIFO(path string) {
	if info, err := os.Lstat(path); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}

// probeWait bounds the probe's dial and read. It only ever decides whether
// a failing case gets a diagnosis: a passing case never probes.
const probeWait = time.Second

// hangs sends request to a fresh connection to addr (outside the traffic
// log) and reports whether nothing at all, not even EOF, came back
// within probeWait.
func hangs(addr, request string) bool {
	conn, err := net.DialTimeout("tcp", addr, probeWait)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(probeWait))
	io.WriteString(conn, request)
	_, err = conn.Read(make([]byte, 1))
	return errors.Is(err, os.ErrDeadlineExceeded)
}
