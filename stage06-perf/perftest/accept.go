package perftest

import (
	"fmt"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"tcpworkbook/kit/check"
)

// outOfFiles: running out of file descriptors does not end the server.
// Accept fails with EMFILE for a while; the server backs off, tries again
// and serves the next client once descriptors are free.
//
// In-process, a listener fails the server's first Accept calls with
// EMFILE, wrapped as the net package wraps it. Against a command, the
// check runs it under ulimit -n and floods it with more connections than
// it may hold, then closes them all.
func (s suite) outOfFiles(c *check.T) {
	c.Note(func() string { return msgOutOfFilesNote })
	if !check.ServerInProcess() {
		s.outOfFilesFlood(c)
		return
	}
	s.outOfFilesScripted(c)
}

// emfiles is how many Accept calls fail in-process. The server's backoff
// sleeps 5+10+20+40+80+160 ms between them, 315 ms in all.
const emfiles = 6

// minBackoff is well under those 315 ms: less means the server retried
// without pausing, spinning a CPU for as long as descriptors are short.
const minBackoff = 150 * time.Millisecond

func (s suite) outOfFilesScripted(c *check.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	ln := &failingListener{Listener: inner, fails: emfiles}
	srv := c.StartOn(ln, s.impl.Serve.Bind(Config{}))
	c.Eventually(10*time.Second, func() bool {
		returned, _ := srv.Returned()
		return returned || ln.recovered()
	})
	if returned, err := srv.Returned(); returned {
		c.Failf(msgExitOnEMFILE, check.Describe(err))
	}
	if !ln.recovered() {
		c.Failf(msgStoppedAccepting, ln.calls(), emfiles)
	}
	if took := ln.retrying(); took < minBackoff {
		c.Failf(msgSpins, emfiles, took.Round(time.Millisecond))
	}
	alice := c.Dial("alice")
	alice.Send("still serving?\n")
	alice.Expect("still serving?\n")
}

// fileLimit is the ulimit -n the command runs under: a few descriptors
// for the runtime and the listener, the rest for connections.
const fileLimit = 64

// flood is how many connections the check opens at once: twice as many
// as the command may hold.
const flood = 2 * fileLimit

func (s suite) outOfFilesFlood(c *check.T) {
	c.LimitFiles(fileLimit)
	check.Launch(c, s.impl.Serve, Config{})
	conns := make([]net.Conn, 0, flood)
	closeAll := func() {
		for _, conn := range conns {
			conn.Close()
		}
		conns = conns[:0]
	}
	c.Cleanup(closeAll)
	for i := range flood {
		conn, err := net.DialTimeout("tcp", c.Addr, check.ReadTimeout)
		if err != nil {
			c.Failf(msgFloodDial, i+1, flood, err)
		}
		conns = append(conns, conn)
	}
	served := echoed(conns)
	c.Event("flood", fmt.Sprintf("%d connections open; the first %d were echoed, then one was not", flood, served))
	if served == flood {
		c.Skipf("the server echoed all %d connections under ulimit -n %d, so it never ran out of descriptors", flood, fileLimit)
	}
	closeAll()
	c.Event("flood", "every connection closed")
	alice := c.Dial("alice")
	alice.Send("still serving?\n")
	alice.Expect("still serving?\n")
}

// echoed sends a byte on each connection in turn and returns how many
// echoed it before the first that did not. The server accepts in the order
// of the dials, so that one is where its descriptors ran out.
func echoed(conns []net.Conn) int {
	one := make([]byte, 1)
	for i, conn := range conns {
		conn.SetDeadline(time.Now().Add(check.Quiet))
		_, err := conn.Write([]byte{'x'})
		if err == nil {
			_, err = conn.Read(one)
		}
		conn.SetDeadline(time.Time{})
		if err != nil {
			return i
		}
	}
	return len(conns)
}

// failingListener fails its first fails Accept calls with EMFILE, then
// accepts for real. It notes when the failures began and when the server
// came back after the last one.
type failingListener struct {
	net.Listener
	mu      sync.Mutex
	fails   int
	n       int
	first   time.Time // the first failure
	resumed time.Time // the first call after the last failure
}

func (l *failingListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	l.n++
	if l.fails > 0 {
		l.fails--
		if l.first.IsZero() {
			l.first = time.Now()
		}
		l.mu.Unlock()
		return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: l.Addr(), Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	if l.resumed.IsZero() {
		l.resumed = time.Now()
	}
	l.mu.Unlock()
	return l.Listener.Accept()
}

func (l *failingListener) calls() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

func (l *failingListener) recovered() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.resumed.IsZero()
}

// retrying is how long the server took from the first failure to the call
// after the last.
func (l *failingListener) retrying() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.resumed.Sub(l.first)
}
