package echocheck

import (
	"errors"
	"io"
	"net"
	"syscall"
	"time"

	"tcpworkbook/kit/check"
)

// probeWait bounds the probe's dial and read. It only ever decides whether
// a failing case gets a diagnosis: a passing case never probes.
const probeWait = time.Second

// noticeNoEcho arranges that, if the case fails while srv still runs, a
// fresh client (not in the traffic log) sends a line. A server that
// closes that connection without echoing anything has a working accept
// loop and an echo that returns at once: the failure then points at
// Options.EchoTodo, whichever check it was, instead of the check's own TODO.
func (s suite[C]) noticeNoEcho(c *check.T, srv *check.Server) {
	c.Note(func() string {
		if ok, _ := srv.Returned(); ok {
			return ""
		}
		if closesWithoutEcho(srv.Addr) {
			c.Diagnose(check.Symptom{ID: symptomNoEcho, Todo: s.EchoTodo, Reading: readingNoEcho})
		}
		return ""
	})
}

// closesWithoutEcho sends a line to addr and reports whether the server
// closed (or reset) the connection before a byte came back.
func closesWithoutEcho(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, probeWait)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(probeWait))
	conn.Write([]byte("probe\n")) // a reset here shows in the read too
	n, err := conn.Read(make([]byte, 64))
	return n == 0 && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET))
}

// noticeDeathAfter arranges that, if the case fails and srv, running now,
// has stopped by the time the report is written, the report says that a
// client's error ended the server (Options.EchoTodo, where that error surfaces).
func (s suite[C]) noticeDeathAfter(c *check.T, srv *check.Server) {
	if ok, _ := srv.Returned(); ok {
		return // already stopped: not this symptom
	}
	c.Note(func() string {
		// An external server's exit is noticed a moment after it happens.
		if srv.Wait(check.Quiet) != check.ErrStillRunning {
			c.Diagnose(check.Symptom{ID: symptomDied, Todo: s.EchoTodo, Reading: readingDied})
		}
		return ""
	})
}

// diagnoseAdded tells, when the second line of Echo/short came back
// wrong, a server that added bytes to the first echo: the very first
// byte after it is already wrong. todo holds the code that writes the
// echo back.
func diagnoseAdded(c *check.T, todo int) {
	got, want, ok := c.Mismatch()
	if ok && len(got) > 0 && len(want) > 0 && got[0] != want[0] {
		c.Diagnose(check.Symptom{ID: symptomExtra, Todo: todo, Reading: readingAdded})
	}
}
