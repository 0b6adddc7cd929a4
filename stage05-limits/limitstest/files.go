package limitstest

import (
	"bufio"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"

	"tcpworkbook/kit/check"
)

// How the out-of-files check runs out of descriptors: an external command
// runs under ulimit -n externalFiles; in process, a listener pretends that
// inProcessFiles connections are all the process may hold. Either way,
// floodSize connections are more than fit.
const (
	externalFiles  = 40
	inProcessFiles = 16
	floodSize      = 64
)

// out-of-files: a server that runs out of file descriptors under a flood
// of connections waits until some are free and then serves again. The
// flood connects and sends a line on each connection; those the server
// accepted are answered, the rest wait in the backlog while Accept fails
// with EMFILE. Then the flood hangs up, and alice must be served.
func (s *suite) outOfFiles(c *check.T) {
	cfg := Config{MaxConns: 100, Policy: "reject"}
	limit := inProcessFiles
	if !check.ServerInProcess() {
		limit = externalFiles
	}
	// In process, the listener runs out of descriptors at limit; a
	// command is run with ulimit -n limit.
	c.LimitFiles(limit)
	check.LaunchOn(c, &filesListener{Listener: c.Listen(), max: limit}, s.impl.Serve, cfg)
	c.Note(func() string { return fmt.Sprintf(noteOutOfFiles, limit, floodSize) })
	floodConnections(c, floodSize)
	alice := c.Dial("alice")
	say(alice, "after the flood\n")
}

// floodConnections opens n connections, sends a line on each, reads the
// answers in order until one does not come within check.Quiet (the rest
// wait in the backlog: the server is out of descriptors), and closes them
// all.
func floodConnections(c *check.T, n int) {
	c.Helper()
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, conn := range conns {
			conn.Close()
		}
	}()
	for range n {
		conn, err := net.DialTimeout("tcp", c.Addr, check.ReadTimeout)
		if err != nil {
			break // the backlog is full, or the server is gone: alice will say
		}
		conns = append(conns, conn)
		conn.SetWriteDeadline(time.Now().Add(check.ReadTimeout))
		conn.Write([]byte("flood\n"))
	}
	c.Event("case", fmt.Sprintf("opened %d connections at once and sent a line on each", len(conns)))
	served := 0
	for _, conn := range conns {
		conn.SetReadDeadline(time.Now().Add(check.Quiet))
		if _, err := bufio.NewReader(conn).ReadString('\n'); err != nil {
			break
		}
		served++
	}
	c.Event("case", fmt.Sprintf("hung up all %d; %d had been answered", len(conns), served))
}

// filesListener stands for a process that may hold only max connections:
// while max of those it accepted are open, Accept fails at once with
// EMFILE, wrapped as the net package wraps it.
type filesListener struct {
	net.Listener
	max int

	mu   sync.Mutex
	open int
}

func (l *filesListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	full := l.open >= l.max
	l.mu.Unlock()
	if full {
		return nil, acceptError(syscall.EMFILE)
	}
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.open++
	l.mu.Unlock()
	return &filesConn{Conn: conn, l: l}, nil
}

// filesConn gives its descriptor back to its listener when closed.
type filesConn struct {
	net.Conn
	l    *filesListener
	once sync.Once
}

func (c *filesConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.open--
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}
