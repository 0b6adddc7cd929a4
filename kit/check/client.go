package check

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// Client is one named connection to the server under test. Every byte it
// sends or receives is recorded for the failure report.
//
// The Expect, Send and Read methods stop the case on failure, so call them
// only from the case's own goroutine. Write and WriteChunks return errors
// instead and may be used from a goroutine started with T.Go.
type Client struct {
	Name string

	t        *T
	conn     net.Conn
	r        *bufio.Reader
	patience time.Duration // see Patient
}

// Patient makes each of cl's reads wait up to d instead of ReadTimeout,
// for a client that catches up on a backlog: after a long stall, what a
// correct server owes it comes through kernel buffers and a writer
// goroutine that a loaded machine may leave silent for more than a few
// seconds. A server that is really stuck still fails, only later.
func (cl *Client) Patient(d time.Duration) { cl.patience = d }

// wait is how long each of cl's reads waits.
func (cl *Client) wait() time.Duration { return max(ReadTimeout, cl.patience) }

// Dial connects a new client called name to c.Addr.
func (c *T) Dial(name string) *Client {
	c.Helper()
	return c.DialAddr(name, c.Addr)
}

// DialAddr connects a new client called name to addr.
func (c *T) DialAddr(name, addr string) *Client {
	c.Helper()
	conn, err := net.DialTimeout("tcp", addr, ReadTimeout)
	if err != nil {
		c.record(event{who: name, kind: evNote, text: "could not connect to " + addr})
		c.Fatalf("%s", c.report(failure{headline: name + " could not connect", client: name, err: err}))
	}
	return c.adopt(name, conn)
}

// DialWith connects a new client called name to c.Addr through d, for a
// client that needs a particular local address or socket option (a port
// reused with SO_REUSEADDR, say). Unlike Dial it returns the error rather
// than failing the case, since such a dial may fail for reasons of the
// machine's, which the case decides how to treat.
func (c *T) DialWith(name string, d *net.Dialer) (*Client, error) {
	c.Helper()
	dialer := *d // the caller's stays as it was
	if dialer.Timeout == 0 {
		dialer.Timeout = ReadTimeout
	}
	conn, err := dialer.Dial("tcp", c.Addr)
	if err != nil {
		return nil, err
	}
	return c.adopt(name, conn), nil
}

// adopt makes conn the recorded client called name.
func (c *T) adopt(name string, conn net.Conn) *Client {
	cl := &Client{Name: name, t: c, conn: conn, r: bufio.NewReaderSize(conn, 64<<10)}
	c.mu.Lock()
	c.clients = append(c.clients, cl)
	c.mu.Unlock()
	select {
	case <-c.expired:
		// The watchdog has closed every client already: this one would
		// wait out its reads in full.
		conn.Close()
	default:
	}
	c.record(event{who: name, kind: evNote, text: "connected"})
	return cl
}

// Conn is the client's connection, for the rare case that needs it raw.
// Traffic on it is not recorded.
func (cl *Client) Conn() net.Conn { return cl.conn }

// Send writes s and stops the case if the write fails.
func (cl *Client) Send(s string) {
	cl.t.Helper()
	cl.SendBytes([]byte(s))
}

// SendBytes writes p and stops the case if the write fails.
func (cl *Client) SendBytes(p []byte) {
	cl.t.Helper()
	if err := cl.Write(p); err != nil {
		cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " could not send", client: cl.Name, err: err, writing: true}))
	}
}

// Write writes p, records it and returns any error. A write that cannot
// finish within ReadTimeout fails with a timeout.
func (cl *Client) Write(p []byte) error {
	cl.conn.SetWriteDeadline(time.Now().Add(ReadTimeout))
	n, err := cl.conn.Write(p)
	if n > 0 {
		cl.t.recordData(cl.Name, evSent, p[:n])
	}
	return err
}

// WriteChunks writes p in pieces whose sizes cycle through sizes, so that
// the server sees the data split at awkward places.
func (cl *Client) WriteChunks(p []byte, sizes []int) error {
	for i := 0; len(p) > 0; i++ {
		n := min(sizes[i%len(sizes)], len(p))
		if err := cl.Write(p[:n]); err != nil {
			return err
		}
		p = p[n:]
	}
	return nil
}

// Expect reads exactly len(want) bytes and stops the case unless they are
// want. It gives up at the first wrong byte, without waiting for the rest.
func (cl *Client) Expect(want string) {
	cl.t.Helper()
	cl.ExpectBytes([]byte(want))
}

// ExpectBytes is Expect for binary data.
func (cl *Client) ExpectBytes(want []byte) {
	cl.t.Helper()
	cl.readDeadline(cl.wait())
	got := make([]byte, 0, min(len(want), 1<<20))
	buf := make([]byte, 32<<10)
	for len(got) < len(want) {
		n, err := cl.r.Read(buf[:min(len(buf), len(want)-len(got))])
		got = append(got, buf[:n]...)
		// Only the new bytes need comparing; the rest matched already.
		if !bytes.Equal(got[len(got)-n:], want[len(got)-n:len(got)]) {
			got = append(got, cl.rest(got)...)
			cl.received(got)
			cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " received the wrong bytes", client: cl.Name, got: got, want: want, compare: true}))
		}
		if err != nil {
			cl.received(got)
			cl.t.Fatalf("%s", cl.t.report(failure{
				headline: fmt.Sprintf(msgIncomplete, cl.Name), client: cl.Name,
				got: got, want: want, compare: true, err: err, wait: cl.wait(),
			}))
		}
	}
	cl.received(got)
}

// rest reads, briefly, what follows a wrong reply, up to the end of its
// line, so that the report shows "error: open is not written yet\n" and not
// just the bytes that happened to fill the expected length.
func (cl *Client) rest(got []byte) []byte {
	if bytes.HasSuffix(got, []byte("\n")) {
		return nil
	}
	cl.conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	var more []byte
	for len(more) < 256 {
		b, err := cl.r.ReadByte()
		if err != nil {
			break
		}
		more = append(more, b)
		if b == '\n' {
			break
		}
	}
	return more
}

// ReadFull reads exactly len(p) bytes, records them and returns how many
// it read and any error, waiting as long as an Expect would. Like Write, it may be used
// from a goroutine started with T.Go, for a client that reads in bulk
// while the case goes on.
func (cl *Client) ReadFull(p []byte) (int, error) {
	cl.readDeadline(cl.wait())
	n, err := io.ReadFull(cl.r, p)
	cl.received(p[:n])
	return n, err
}

// ReadLine reads up to and including the next "\n" and stops the case if
// none arrives in time.
func (cl *Client) ReadLine() string {
	cl.t.Helper()
	cl.readDeadline(cl.wait())
	line, err := cl.r.ReadString('\n')
	cl.received([]byte(line))
	if err != nil {
		cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " expected a complete line", client: cl.Name, got: []byte(line), err: err, wait: cl.wait()}))
	}
	return line
}

// ExpectEOF stops the case unless the server closes the connection, with
// nothing more to read, within ReadTimeout.
func (cl *Client) ExpectEOF() {
	cl.t.Helper()
	cl.readDeadline(cl.wait())
	buf := make([]byte, 4<<10)
	n, err := io.ReadFull(cl.r, buf)
	extra := buf[:n]
	cl.received(extra)
	switch {
	case len(extra) > 0:
		cl.t.Fatalf("%s", cl.t.report(failure{headline: fmt.Sprintf(msgMoreBytes, cl.Name), client: cl.Name, got: extra}))
	case errors.Is(err, io.EOF), isReset(err):
		// A reset also ends the conversation; a server closes that way
		// when the client's last bytes are still unread. Accept it.
	case isTimeout(err) && cl.t.gaveUp.Load():
		// The read did not wait: the server had already stopped, and the
		// report says so from the error.
		cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " expected the server to close the connection (EOF)", client: cl.Name, err: err}))
	case isTimeout(err):
		cl.t.Fatalf("%s", cl.t.report(failure{headline: fmt.Sprintf(msgStillOpen, cl.Name, cl.wait()), client: cl.Name}))
	default:
		cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " expected the server to close the connection (EOF)", client: cl.Name, err: err}))
	}
}

// ExpectSilence stops the case if any byte arrives within d, or if the
// server closes the connection.
func (cl *Client) ExpectSilence(d time.Duration) {
	cl.t.Helper()
	cl.readDeadline(d)
	b, err := cl.r.ReadByte()
	if err == nil {
		// Show what arrived, not just its first byte: a little more
		// reading makes "s" into "server busy, try again later\n".
		got := []byte{b}
		cl.conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		more := make([]byte, 4<<10)
		n, _ := io.ReadAtLeast(cl.r, more, 1)
		got = append(got, more[:n]...)
		cl.received(got)
		cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " should have received nothing, but bytes arrived", client: cl.Name, got: got}))
	}
	if !isTimeout(err) {
		cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " should have stayed connected and received nothing", client: cl.Name, err: err}))
	}
}

// CloseWrite half-closes the connection: the server reads EOF, but can
// still write back.
func (cl *Client) CloseWrite() {
	cl.t.Helper()
	if err := cl.conn.(*net.TCPConn).CloseWrite(); err != nil {
		cl.t.Fatalf("%s", cl.t.report(failure{headline: cl.Name + " could not half-close", client: cl.Name, err: err}))
	}
	cl.t.record(event{who: cl.Name, kind: evNote, text: "half-closed (no more sending)"})
}

// Reset aborts the connection: the kernel sends RST instead of FIN, as
// when a client crashes or a network drops.
func (cl *Client) Reset() {
	tc := cl.conn.(*net.TCPConn)
	tc.SetLinger(0)
	tc.Close()
	cl.t.record(event{who: cl.Name, kind: evNote, text: "reset the connection (RST)"})
}

// Close closes the connection normally.
func (cl *Client) Close() {
	cl.conn.Close()
	cl.t.record(event{who: cl.Name, kind: evNote, text: "closed the connection"})
}

// readDeadline gives the next reads d to finish, or no time at all once
// the server has quit (see T.giveUp). The flag is checked after the
// deadline is set, so a server quitting in between cannot be missed.
func (cl *Client) readDeadline(d time.Duration) {
	cl.conn.SetReadDeadline(time.Now().Add(d))
	if cl.t.gaveUp.Load() {
		cl.conn.SetReadDeadline(time.Now())
	}
}

func (cl *Client) received(p []byte) {
	if len(p) > 0 {
		cl.t.recordData(cl.Name, evReceived, p)
	}
}
