package chattest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"tcpworkbook/kit/check"
)

// How many times address-reuse repeats the reuse. Which of the old
// client's leave and the newcomer's join the server runs first is up to its
// scheduler, and only one order shows a wrong room; a server that gets it
// wrong does so within a few tries. Now and then the old port cannot be
// bound again because another socket (an earlier connection in TIME_WAIT)
// shares it; such a try is dropped and another made.
const (
	reuseTries    = 40
	reuseAttempts = 100
)

// address-reuse: a client resets its connection, and a new client connects
// at once from the same address and port. The newcomer is in the room:
// nobody is told that it left, it receives the others' lines, and /who
// lists it.
func (cc *chatCase) addressReuse() {
	cc.launch(Config{})
	alice := cc.join("alice")
	var now *newcomer
	cc.Note(func() string {
		if now == nil {
			return ""
		}
		return fmt.Sprintf(noteReuse, now.name, now.was)
	})
	tries, attempt := 0, 0
	var bindErr error
	for ; tries < reuseTries && attempt < reuseAttempts; attempt++ {
		old := cc.join(fmt.Sprintf("old%d", attempt))
		alice.Expect("* " + old.addr + " joined\n")
		local := old.Conn().LocalAddr()
		old.Reset()
		nc, err := cc.dialFrom(fmt.Sprintf("new%d", attempt), old.Name, local)
		if err != nil {
			bindErr = err
			alice.Expect("* " + old.addr + " left\n")
			continue
		}
		tries++
		now = nc
		nc.expect(Welcome)

		addr, joined, left := old.addr, "* "+old.addr+" joined\n", "* "+old.addr+" left\n"
		// The old client's departure may be announced before the
		// newcomer's arrival, never after it.
		line := alice.next()
		if line == left {
			line = alice.next()
		}
		if line != joined {
			cc.Failf(msgReuseJoined, alice.Name, nc.name, addr, check.Diff([]byte(joined), []byte(line)))
		}
		nc.send("hello from the newcomer\n")
		if want, line := said(addr, "hello from the newcomer"), alice.next(); line == left {
			cc.Failf(msgReuseFalseLeft, alice.Name, quote(line), nc.name, nc.name, old.Name)
		} else if line != want {
			cc.Failf(msgWrongLine, alice.Name, check.Diff([]byte(want), []byte(line)))
		}
		alice.Send("welcome, newcomer\n")
		nc.expect(said(alice.addr, "welcome, newcomer"))
		alice.Send("/who\n")
		alice.Expect(sortedList(alice.addr, addr))
		nc.close()
		alice.Expect(left)
		now = nil
	}
	if tries == 0 {
		cc.Skipf(skipReuse, attempt, bindErr)
	}
}

// newcomer is a client dialled from a chosen local address. The harness's
// Dial always takes a fresh port, so this one is dialled by hand, and its
// traffic reaches the report as events.
type newcomer struct {
	cc   *chatCase
	name string
	was  string // the reset client whose address it took
	addr string // its address, which is also how the server names it
	conn net.Conn
	r    *bufio.Reader
}

// dialFrom connects a client called name from local, the address that the
// client called was had until it reset. It returns an error, and no
// client, if this machine would not bind that address again: that says
// nothing about the server.
func (cc *chatCase) dialFrom(name, was string, local net.Addr) (*newcomer, error) {
	cc.Helper()
	d := net.Dialer{LocalAddr: local, Timeout: check.ReadTimeout, Control: reuseAddr}
	conn, err := d.Dial("tcp", cc.Addr)
	if err != nil {
		// Only a failed connect is the server's doing; failing to set up
		// or bind the socket is this machine's.
		var sys *os.SyscallError
		if errors.As(err, &sys) && sys.Syscall == "connect" {
			cc.Failf(msgReuseDial, name, local, err)
		}
		return nil, err
	}
	cc.Cleanup(func() { conn.Close() })
	cc.Event(name, fmt.Sprintf(eventReuse, local, was))
	delete(cc.gone, local.String()) // the address is in the room again
	return &newcomer{cc: cc, name: name, was: was, addr: local.String(), conn: conn, r: bufio.NewReader(conn)}, nil
}

func (n *newcomer) send(s string) {
	n.cc.Helper()
	n.conn.SetWriteDeadline(time.Now().Add(check.ReadTimeout))
	_, err := n.conn.Write([]byte(s))
	n.cc.Event(n.name, "→ "+quote(s))
	if err != nil {
		n.cc.Failf(msgNewcomerSend, n.name, err)
	}
}

// expect reads one line and fails unless it is want.
func (n *newcomer) expect(want string) {
	n.cc.Helper()
	n.conn.SetReadDeadline(time.Now().Add(check.ReadTimeout))
	line, err := n.r.ReadString('\n')
	if line != "" {
		n.cc.Event(n.name, "← "+quote(line))
		n.cc.saw(n.name, n.addr, n.addr, "", line)
	}
	if err != nil {
		n.cc.Failf(msgNewcomerRead, n.name, quote(want), err)
	}
	if line != want {
		n.cc.Failf(msgWrongLine, n.name, check.Diff([]byte(want), []byte(line)))
	}
}

func (n *newcomer) close() {
	n.conn.Close()
	n.cc.gone[n.addr] = true
	n.cc.Event(n.name, "closed the connection")
}
