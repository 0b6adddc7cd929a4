package chattest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"tcpworkbook/kit/check"
)

// How many times address-reuse repeats the reuse. Which of the old
// client's leave and the newcomer's join the server runs first is up to its
// scheduler, and only one order shows a wrong room; a server that gets it
// wrong does so within a few tries. Now and then the old port cannot be
// bound again because another socket (an earlier connection in TIME_WAIT)
// shares it; such a try is dropped and another made.
const (
	reuseTries    = 10
	reuseAttempts = 100
	reuseBurst    = 2000 // commands the old client sends just before it resets
)

// address-reuse: a client resets its connection, and a new client connects
// at once from the same address and port. The old client's departure is
// announced, once, before the newcomer's arrival. The newcomer is in the
// room: nobody is told that it left, it receives the others' lines, and /who
// lists it.
func (cc *chatCase) addressReuse() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice := cc.join("alice")
	var now *newcomer
	silent := false
	cc.Note(func() string {
		switch {
		case now != nil:
			return fmt.Sprintf(noteReuse, now.name, now.was)
		case silent:
			return noteReuseSilence
		}
		return ""
	})
	// retired maps the address of each finished try to its old client,
	// whose leave may still come, and must then say nothing.
	retired := map[string]string{}
	next := func() string {
		cc.Helper()
		line := alice.next()
		if who, ok := leftNotice(line); ok && retired[who] != "" {
			cc.Failf(msgReuseLateLeft, alice.Name, check.Quote(line), retired[who])
		}
		return line
	}
	expect := func(want string) {
		cc.Helper()
		if line := next(); line != want {
			cc.Failf(msgWrongLine, alice.Name, check.Diff([]byte(want), []byte(line)))
		}
	}
	tries, attempt := 0, 0
	var bindErr error
	for ; tries < reuseTries && attempt < reuseAttempts; attempt++ {
		old := cc.join(fmt.Sprintf("old%d", attempt))
		addr, joined, left := old.addr, "* "+old.addr+" joined\n", "* "+old.addr+" left\n"
		expect(joined)
		local := old.Conn().LocalAddr()
		// Work for the old client's reader before it meets the reset
		// (the server reads what was sent before it), so that the
		// newcomer's join comes first: the order in which a room keyed
		// by address goes wrong.
		old.Send(strings.Repeat("/who\n", reuseBurst))
		old.Reset()
		nc, err := cc.dialFrom(fmt.Sprintf("new%d", attempt), old.Name, local)
		if err != nil {
			bindErr = err
			expect(left)
			continue
		}
		tries++
		now = nc
		nc.expect(Welcome)

		// The old client's departure is announced once, before the
		// newcomer's arrival: by its own leave, or by the newcomer's join
		// when that comes first. Never after it, and never not at all.
		line := next()
		if line != left {
			cc.Failf(msgReuseNoLeft, alice.Name, check.Quote(line), old.Name, addr, nc.name)
		}
		line = next()
		if line != joined {
			cc.Failf(msgReuseJoined, alice.Name, nc.name, addr, check.Diff([]byte(joined), []byte(line)))
		}
		nc.send("hello from the newcomer\n")
		if want, line := said(addr, "hello from the newcomer"), next(); line == left {
			cc.Failf(msgReuseFalseLeft, alice.Name, check.Quote(line), nc.name, nc.name, old.Name)
		} else if line != want {
			cc.Failf(msgWrongLine, alice.Name, check.Diff([]byte(want), []byte(line)))
		}
		alice.Send("welcome, newcomer\n")
		nc.expect(said(alice.addr, "welcome, newcomer"))
		alice.Send("/who\n")
		expect(sortedList(alice.addr, addr))
		nc.close()
		expect(left)
		now, retired[addr] = nil, old.Name
	}
	if tries == 0 {
		cc.Skipf(skipReuse, attempt, bindErr)
	}
	// The last old client's reader may still be busy with its commands:
	// its leave, when it comes, must not announce anyone.
	silent = true
	alice.ExpectSilence(check.Quiet)
}

// newcomer is a client dialled from a chosen local address, with the
// kit's DialWith, so its traffic is recorded like any other client's.
type newcomer struct {
	*check.Client
	cc   *chatCase
	name string
	was  string // the reset client whose address it took
	addr string // its address, which is also how the server names it
}

// dialFrom connects a client called name from local, the address that the
// client called was had until it reset. It returns an error, and no
// client, if this machine would not bind that address again: that says
// nothing about the server.
func (cc *chatCase) dialFrom(name, was string, local net.Addr) (*newcomer, error) {
	cc.Helper()
	cl, err := cc.DialWith(name, &net.Dialer{LocalAddr: local, Control: reuseAddr})
	if err != nil {
		// Only a failed connect is the server's doing; failing to set up
		// or bind the socket is this machine's.
		var sys *os.SyscallError
		if errors.As(err, &sys) && sys.Syscall == "connect" {
			cc.Failf(msgReuseDial, name, local, err)
		}
		return nil, err
	}
	cc.Event(name, fmt.Sprintf(eventReuse, local, was))
	delete(cc.gone, local.String()) // the address is in the room again
	return &newcomer{Client: cl, cc: cc, name: name, was: was, addr: local.String()}, nil
}

func (n *newcomer) send(s string) { n.cc.Helper(); n.Send(s) }

// expect reads one line and fails unless it is want.
func (n *newcomer) expect(want string) {
	n.cc.Helper()
	line := n.ReadLine()
	n.cc.saw(n.name, n.addr, n.addr, "", line)
	if line != want {
		n.cc.Failf(msgWrongLine, n.name, check.Diff([]byte(want), []byte(line)))
	}
}

func (n *newcomer) close() {
	n.Close()
	n.cc.gone[n.addr] = true
}
