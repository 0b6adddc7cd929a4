//go:build unix

package perf

import (
	"net"
	"syscall"
)

// rawConn returns conn's raw socket, through which a goroutine can wait in
// the runtime's network poller without a buffer, or nil when conn is not
// a socket.
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

// readNow reads from socket fd into p without blocking. Go puts every
// socket it opens in non-blocking mode, so when nothing has arrived yet
// the read returns syscall.EAGAIN at once instead of waiting.
func readNow(fd uintptr, p []byte) (int, error) {
	return syscall.Read(int(fd), p)
}

// writeNow writes p to socket fd without blocking. When the socket's send
// buffer is full it writes what fits, or returns syscall.EAGAIN.
func writeNow(fd uintptr, p []byte) (int, error) {
	return syscall.Write(int(fd), p)
}
