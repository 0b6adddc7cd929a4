// These tests look at what the stage 07 suite (miniredistest, run by
// miniredis_test.go) cannot see from outside: the commands only redis-cli
// and redis-benchmark need, replies to a pipeline in one write, messages
// that never cut a reply in two, a shutdown that answers what it has
// read, and a listener closed by someone else.
package miniredis_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	miniredis "tcpworkbook/solutions/stage07-miniredis"
)

// timeout bounds every wait in these tests, so that a broken server fails
// a test instead of hanging it.
const timeout = 5 * time.Second

// start serves s on ln (a fresh loopback listener if nil) and returns the
// address. When the test ends it shuts the server down and checks that
// Serve returned nil.
func start(t *testing.T, s *miniredis.Server, ln net.Listener) (addr string, shutdown func()) {
	t.Helper()
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
	}
	if s.Log == nil {
		s.Log = slog.New(slog.NewTextHandler(t.Output(), nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	shutdown = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve returned %v; want nil", err)
				}
			case <-time.After(timeout):
				t.Errorf("Serve did not return within %v of the shutdown", timeout)
			}
		})
	}
	t.Cleanup(shutdown)
	return ln.Addr().String(), shutdown
}

// client is a raw connection to the server, speaking bytes, not a client
// library: the tests check the exact bytes Redis would send.
type client struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(timeout))
	return &client{t: t, conn: conn, r: bufio.NewReader(conn)}
}

func (c *client) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatalf("sending %q: %v", s, err)
	}
}

// expect reads exactly len(want) bytes and fails the test unless they are
// want.
func (c *client) expect(want string) {
	c.t.Helper()
	got := make([]byte, len(want))
	n, err := io.ReadFull(c.r, got)
	if err != nil || string(got) != want {
		c.t.Fatalf("got %q (%v); want %q", got[:n], err, want)
	}
}

// expectClosed fails the test unless the server closes the connection
// without sending anything more.
func (c *client) expectClosed() {
	c.t.Helper()
	rest, err := io.ReadAll(c.r)
	if len(rest) > 0 || err != nil && !errors.Is(err, net.ErrClosed) && !isReset(err) {
		c.t.Fatalf("got %q (%v); want the connection closed", rest, err)
	}
}

func isReset(err error) bool { return strings.Contains(err.Error(), "connection reset") }

// do sends request and expects reply.
func (c *client) do(request, reply string) {
	c.t.Helper()
	c.send(request)
	c.expect(reply)
}

// cmd encodes a command as client libraries send it: an array of bulk
// strings.
func cmd(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.String()
}

func TestCommands(t *testing.T) {
	addr, _ := start(t, &miniredis.Server{}, nil)
	c := dial(t, addr)
	for _, step := range []struct{ request, reply string }{
		{cmd("PING"), "+PONG\r\n"},
		{cmd("ping", "hi"), "$2\r\nhi\r\n"},
		{cmd("ECHO", ""), "$0\r\n\r\n"},
		{cmd("SET", "k", "v"), "+OK\r\n"},
		{cmd("GET", "k"), "$1\r\nv\r\n"},
		{cmd("GET", "missing"), "$-1\r\n"},
		{cmd("SET", "k", "w", "NX"), "$-1\r\n"},
		{cmd("SET", "k", "w", "XX", "GET"), "$1\r\nv\r\n"},
		{cmd("EXISTS", "k", "k", "missing"), ":2\r\n"},
		{cmd("DEL", "k", "missing"), ":1\r\n"},
		{cmd("INCR", "n"), ":1\r\n"},
		{cmd("INCRBY", "n", "41"), ":42\r\n"},
		{cmd("DECRBY", "n", "2"), ":40\r\n"},
		{cmd("DECR", "n"), ":39\r\n"},
		{cmd("SET", "n", "05"), "+OK\r\n"},
		{cmd("INCR", "n"), "-ERR value is not an integer or out of range\r\n"},
		{cmd("SET", "n", "9223372036854775807"), "+OK\r\n"},
		{cmd("INCR", "n"), "-ERR increment or decrement would overflow\r\n"},
		{cmd("DECRBY", "n", "-9223372036854775808"), "-ERR decrement would overflow\r\n"},
		{cmd("TTL", "n"), ":-1\r\n"},
		{cmd("TTL", "missing"), ":-2\r\n"},
		{cmd("SET", "k", "v", "EX", "100"), "+OK\r\n"},
		{cmd("TTL", "k"), ":100\r\n"},
		{cmd("SET", "k", "v", "KEEPTTL"), "+OK\r\n"},
		{cmd("TTL", "k"), ":100\r\n"},
		{cmd("SET", "k", "v"), "+OK\r\n"},
		{cmd("TTL", "k"), ":-1\r\n"},
		{cmd("EXPIRE", "k", "0"), ":1\r\n"},
		{cmd("EXISTS", "k"), ":0\r\n"},
		{cmd("SET", "k", "v", "EX", "0"), "-ERR invalid expire time in 'set' command\r\n"},
		{cmd("SET", "k", "v", "EX", "x"), "-ERR value is not an integer or out of range\r\n"},
		{cmd("SET", "k", "v", "NX", "XX"), "-ERR syntax error\r\n"},
		{cmd("SET", "k", "v", "EX", "1", "PX", "1"), "-ERR syntax error\r\n"},
		{cmd("GET"), "-ERR wrong number of arguments for 'get' command\r\n"},
		{cmd("CONFIG", "GET"), "-ERR wrong number of arguments for 'config|get' command\r\n"},
		{cmd("FOO", "a", "b"), "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n"},
		{cmd("CONFIG", "SET", "x", "y"), "-ERR unknown subcommand 'SET'. Try CONFIG HELP.\r\n"},
		{cmd("CONFIG", "GET", "save"), "*2\r\n$4\r\nsave\r\n$0\r\n\r\n"},
		{cmd("CLIENT", "SETNAME", "me"), "+OK\r\n"},
		{cmd("CLIENT", "GETNAME"), "$2\r\nme\r\n"},
		{cmd("SELECT", "0"), "+OK\r\n"},
		{cmd("SELECT", "1"), "-ERR DB index is out of range\r\n"},
		{cmd("FLUSHALL"), "+OK\r\n"},
		{cmd("DBSIZE"), ":0\r\n"},
		{"ECHO \"a b\" 'c'\r\n", "-ERR wrong number of arguments for 'echo' command\r\n"},
		{"ECHO \"a\\x41\\n\"\r\n", "$3\r\naA\n\r\n"},
		{"\r\n   \r\nPING\n", "+PONG\r\n"},
		{cmd("QUIT"), "+OK\r\n"},
	} {
		c.do(step.request, step.reply)
	}
	c.expectClosed()
}

// countingListener counts the writes to the connections it accepts.
type countingListener struct {
	net.Listener
	writes atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{conn, l}, nil
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.l.writes.Add(1)
	return c.Conn.Write(p)
}

// TestPipeline sends 100 commands in one write: they must be answered in
// order, and in one write, not one per command.
func TestPipeline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	counting := &countingListener{Listener: ln}
	addr, _ := start(t, &miniredis.Server{}, counting)
	c := dial(t, addr)

	var request, reply strings.Builder
	for i := range 100 {
		request.WriteString(cmd("INCR", "n"))
		fmt.Fprintf(&reply, ":%d\r\n", i+1)
	}
	c.do(request.String(), reply.String())
	if n := counting.writes.Load(); n != 1 {
		t.Errorf("the server wrote the replies to one pipeline in %d writes; want 1", n)
	}
}

// eventually polls f until it returns true, failing the test if that takes
// longer than timeout.
func eventually(t *testing.T, what string, f func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !f(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not after %v", what, timeout)
		}
	}
}

// TestPublishOrder checks that messages arrive whole and in the order of
// their publisher, and that a subscriber's own replies are never cut by a
// message, even when they interleave.
func TestPublishOrder(t *testing.T) {
	addr, _ := start(t, &miniredis.Server{}, nil)
	sub, pub := dial(t, addr), dial(t, addr)
	sub.do(cmd("SUBSCRIBE", "ch"), "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n")

	const n = 200
	long := strings.Repeat("p", 40_000) // longer than a write buffer: bufio writes it in pieces
	pings := make(chan error, 1)
	go func() {
		var err error
		for i := 0; i < n && err == nil; i++ {
			_, err = io.WriteString(sub.conn, cmd("PING", long))
		}
		pings <- err
	}()
	var request strings.Builder
	for i := range n {
		request.WriteString(cmd("PUBLISH", "ch", fmt.Sprint(i)))
	}
	pub.send(request.String())

	pong := fmt.Sprintf("*2\r\n$4\r\npong\r\n$%d\r\n%s\r\n", len(long), long)
	next := 0
	for pongs := 0; pongs < n || next < n; {
		if peek, _ := sub.r.Peek(12); string(peek) == pong[:12] {
			sub.expect(pong)
			pongs++
			continue
		}
		sub.expect(fmt.Sprintf("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$%d\r\n%d\r\n", len(fmt.Sprint(next)), next))
		next++
	}
	if err := <-pings; err != nil {
		t.Fatal(err)
	}
}

// gatedListener holds up the first Read of each connection that returns
// data until the test lets it go, so the test can act while the server
// holds commands it has read and not yet run.
type gatedListener struct {
	net.Listener
	read    chan struct{} // receives when a connection has read data
	proceed chan struct{} // closed to let the reads return
}

func (l *gatedListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &gatedConn{Conn: conn, l: l}, nil
}

type gatedConn struct {
	net.Conn
	l    *gatedListener
	once sync.Once
}

func (c *gatedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.once.Do(func() {
			c.l.read <- struct{}{}
			<-c.l.proceed
		})
	}
	return n, err
}

// TestGracefulShutdown cancels Serve's context while the server holds a
// pipeline it has read but not run. Every command in it must be answered,
// then every connection closed, and Serve must return nil with none of its
// goroutines left behind.
func TestGracefulShutdown(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gated := &gatedListener{Listener: ln, read: make(chan struct{}), proceed: make(chan struct{})}
	addr, shutdown := start(t, &miniredis.Server{}, gated)

	sub := dial(t, addr)
	sub.send(cmd("SUBSCRIBE", "ch"))
	<-gated.read
	busy := dial(t, addr)
	busy.send(cmd("SET", "k", "v") + cmd("GET", "k") + "*2\r\n$3\r\nGET\r\n") // two commands and half of one
	<-gated.read

	stopped := make(chan struct{})
	go func() {
		shutdown()
		close(stopped)
	}()
	// Serve cannot return before the held reads do: let them go only
	// once the shutdown has closed the listener.
	eventually(t, "the listener closed", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	close(gated.proceed)

	busy.expect("+OK\r\n$1\r\nv\r\n")
	busy.expectClosed()
	sub.expect("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n")
	sub.expectClosed()
	<-stopped
	eventually(t, "the server's goroutines gone", func() bool {
		return runtime.NumGoroutine() <= goroutines
	})
}

// TestListenerClosed checks that Serve returns nil when someone else closes
// its listener.
func TestListenerClosed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	s := &miniredis.Server{Log: slog.New(slog.NewTextHandler(t.Output(), nil))}
	go func() { done <- s.Serve(context.Background(), ln) }()
	ln.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v; want nil", err)
		}
	case <-time.After(timeout):
		t.Fatal("Serve did not return after its listener was closed")
	}
}
