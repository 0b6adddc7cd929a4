package echotest

import (
	"net"
	"strings"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/echocheck"
)

// anyPort is the second address listen-fallback offers.
const anyPort = "127.0.0.1:0"

// listen-fallback: Listen skips an address it cannot bind and uses the
// next one.
func (s listenSuite) listenFallback(c *check.T) {
	busy, err := net.Listen("tcp", anyPort)
	if err != nil {
		c.Fatalf("the harness could not listen: %v", err)
	}
	defer busy.Close()
	taken := busy.Addr().String()

	ln, err := s.listen(taken, anyPort)
	if err != nil {
		c.Failf(msgNoFallback, taken, anyPort, err)
	}
	defer ln.Close()
	expectOpen(c, ln)
	if ln.Addr().String() == taken {
		c.Failf(msgListenTaken, taken, anyPort, taken)
	}
	if _, err := s.listen(taken); err == nil {
		c.Failf(msgTakenNoError, taken)
	}
	busy2, err := net.Listen("tcp", anyPort)
	if err != nil {
		c.Fatalf("the harness could not listen: %v", err)
	}
	defer busy2.Close()
	taken2 := busy2.Addr().String()
	if _, err := s.listen(taken, taken2); err == nil {
		c.Failf(msgTakenNoError, taken+" and "+taken2)
	} else if !strings.Contains(err.Error(), taken) || !strings.Contains(err.Error(), taken2) {
		c.Failf(msgOneReason, taken, taken2, err.Error())
	}
	if ln, err := s.listen(); err == nil {
		if ln != nil {
			ln.Close()
		}
		c.Failf(msgNoAddrNoError)
	}
	echocheck.NoticeNoEcho(c, c.StartOn(ln, s.serve), s.opt)
	alice := c.Dial("alice")
	alice.Send("fallback\n")
	alice.Expect("fallback\n")
}

// ipv6: the server works on the IPv6 loopback address [::1].
func (s listenSuite) ipv6(c *check.T) {
	const loopback6 = "[::1]:0"
	probe, err := net.Listen("tcp", loopback6)
	if err != nil {
		c.Skipf("this machine has no IPv6 loopback (%v); nothing to check", err)
	}
	probe.Close()
	ln, err := s.listen(loopback6)
	if err != nil {
		c.Failf(msgNoIPv6, loopback6, err)
	}
	expectOpen(c, ln)
	echocheck.NoticeNoEcho(c, c.StartOn(ln, s.serve), s.opt)
	alice := c.Dial("alice")
	alice.Send("over IPv6\n")
	alice.Expect("over IPv6\n")
}

// expectOpen stops the case if the listener Listen returned is already
// closed: a dial to its address is refused. (The dial's connection waits
// in the backlog, and the server later echoes it nothing: it closes at
// once.)
func expectOpen(c *check.T, ln net.Listener) {
	c.Helper()
	conn, err := net.DialTimeout("tcp", ln.Addr().String(), check.ReadTimeout)
	if err != nil {
		c.Failf(msgListenerClosed, ln.Addr(), err)
	}
	conn.Close()
}
