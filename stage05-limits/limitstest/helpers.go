package limitstest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"tcpworkbook/kit/check"
)

// admitFor is how long admit keeps trying. A slot comes back a moment after
// its client leaves, not at the same instant: the server has to notice.
const admitFor = time.Second

// admit connects a client called name and returns it once the server has
// echoed a probe line, "hello from <name>\n". A client told Busy is
// replaced by a fresh one, after a short pause, for up to admitFor: that is
// the time a server may take to hand back the slot of a client that has
// just left. why says what it means if no client gets in.
func admit(c *check.T, name, why string) *check.Client {
	c.Helper()
	return admitWithin(c, name, admitFor, why)
}

// admitWithin is admit, trying for up to d.
func admitWithin(c *check.T, name string, d time.Duration, why string) *check.Client {
	c.Helper()
	probe := "hello from " + name + "\n"
	deadline := time.Now().Add(d)
	pause := 2 * time.Millisecond
	for tries := 1; ; tries++ {
		cl := c.Dial(name)
		cl.Send(probe)
		switch reply := cl.ReadLine(); reply {
		case probe:
			return cl
		case Busy:
			cl.ExpectEOF()
			cl.Close()
		default:
			c.Failf(msgAdmitWrong, name, probe, Busy, reply)
		}
		if time.Now().After(deadline) {
			c.Failf("%s: for %v (%d tries), every new client was told the server is busy. %s", name, d, tries, why)
		}
		select {
		case <-time.After(pause):
		case <-c.Expired():
			c.Failf("the watchdog stopped the case while %s kept being turned away", name)
		}
		pause = min(2*pause, 200*time.Millisecond)
	}
}

// expectBusy connects a client called name and checks that it is turned
// away at once: Busy, then the end of the connection.
func expectBusy(c *check.T, name string) {
	c.Helper()
	cl := c.Dial(name)
	cl.Expect(Busy)
	cl.ExpectEOF()
}

// say sends a line and checks that it comes back.
func say(cl *check.Client, line string) {
	cl.Send(line)
	cl.Expect(line)
}

// The handler that in-process checks inject: a line echo that fails or
// panics on command.
const (
	failLine  = "fail\n"  // the handler returns errInjected
	panicLine = "panic\n" // the handler panics with injectedPanic
)

var errInjected = errors.New("limitstest: injected handler error")

// injectedPanic is what the handler panics with. If the server does not
// recover, this is the message the crash prints.
var injectedPanic = fmt.Sprintf(msgInjectedPanic, Manifest.Stage.File, Manifest.Stage.Todos[3])

// scripted echoes lines until the client leaves, but returns an error on
// failLine and panics on panicLine. Its name appears in the stack trace
// the server should log. It ignores ctx: when the server shuts down, the
// read deadline the server sets is what ends it.
func scripted(_ context.Context, conn net.Conn) error {
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch line {
		case failLine:
			return errInjected
		case panicLine:
			panic(injectedPanic)
		}
		if _, err := io.WriteString(conn, line); err != nil {
			return err
		}
	}
}

// stubborn echoes lines until its client leaves, and does not stop for a
// shutdown: woken by the server's read deadline, it clears the deadline
// and reads on. It stands for a handler slow to finish, such as one in
// the middle of a long reply; only the drain timeout, which closes its
// connection, or its client ends it.
func stubborn(_ context.Context, conn net.Conn) error {
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			conn.SetReadDeadline(time.Time{})
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		if _, err := io.WriteString(conn, line); err != nil {
			return err
		}
	}
}
