package perftest

import (
	"errors"
	"net"

	"tcpworkbook/kit/check"
)

// nodelay: the server turns Nagle's algorithm off on each connection even
// when the connection it accepted had it on.
func (s suite) nodelay(c *check.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	nl := &nagleListener{Listener: ln, accepted: make(chan *net.TCPConn, 1)}
	c.StartOn(nl, s.impl.Serve.Bind(Config{}))
	alice := c.Dial("alice")
	alice.Send("small and urgent\n")
	alice.Expect("small and urgent\n")
	var conn *net.TCPConn
	select {
	case conn = <-nl.accepted:
	case <-c.Expired():
		c.Failf(msgNeverAccepted)
	}
	on, err := noDelay(conn)
	if errors.Is(err, errUnsupported) {
		c.Skipf("cannot read TCP_NODELAY on this platform: %v", err)
	}
	if err != nil {
		c.Fatalf("the harness could not read TCP_NODELAY: %v", err)
	}
	if !on {
		c.Failf(msgNagleOn)
	}
}

// nagleListener hands over connections with Nagle's algorithm switched
// back on, and passes the first to the check.
type nagleListener struct {
	net.Listener
	accepted chan *net.TCPConn
}

func (l *nagleListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetNoDelay(false)
		select {
		case l.accepted <- tc:
		default:
		}
	}
	return conn, err
}
