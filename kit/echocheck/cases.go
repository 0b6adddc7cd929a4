// Package echocheck holds the checks any byte-stream echo server must
// pass: stage 01's, which stage 06 runs again against its own server as
// the group "Echo". Every check talks to the server only through its TCP
// address, but for the in-process ones, which count its goroutines.
package echocheck

import (
	"net"

	"tcpworkbook/kit/check"
)

// The mistakes the checks recognise from what the server did (see
// diagnose.go). A stage that runs them declares Symptoms, and gives a
// "## symptom: <id>" section of hints for each, in its own terms.
const (
	symptomNoEcho = "closes-without-echo" // a fresh client's line is not echoed at all
	symptomShort  = "echo-stops-short"    // the echo stops before the input ends
	symptomExtra  = "echo-extra-bytes"    // the echo holds bytes the client never sent
	symptomDied   = check.SymptomExit     // one client's error ends the server

	// SymptomClosedUnder is diagnosed, with Options.WatchCloses, when the
	// accept loop closes a connection under its handler.
	SymptomClosedUnder = "closed-under-handler"
)

// Symptoms are the symptoms Cases may diagnose; SymptomClosedUnder is one
// more, with Options.WatchCloses.
var Symptoms = []string{symptomNoEcho, symptomShort, symptomExtra}

// Options says where a stage's code keeps what the checks look at.
type Options struct {
	// AcceptTodo holds the accept loop; EchoTodo the code that echoes.
	AcceptTodo, EchoTodo int
	// BufferTodo holds the code that keeps each connection's bytes: a
	// diagnosis of bytes that went wrong on the way (cut short, changed,
	// or another client's) points there.
	BufferTodo int
	// WatchCloses runs an in-process server on a listener that notices a
	// connection closed under its handler (closewatch.go). A stage whose
	// server looks inside its connections (SyscallConn) runs without it.
	WatchCloses bool
}

// Cases returns the checks of a byte-stream echo server run by serve.
func Cases(serve check.ServeFunc, opt Options) []check.Case {
	s := suite{serve: serve, Options: opt}
	return []check.Case{
		{Name: "short", Todo: opt.EchoTodo, Run: s.short},
		{Name: "binary", Todo: opt.EchoTodo, Run: s.binary},
		{Name: "concurrent", Todo: opt.AcceptTodo, Run: s.concurrent},
		{Name: "half-close", Todo: opt.EchoTodo, Run: s.halfClose},
		{Name: "reset", Todo: opt.EchoTodo, Run: s.reset},
		{Name: "goroutines", Todo: opt.EchoTodo, InProcess: true, Run: s.goroutines},
		{Name: "serve-returns", Todo: opt.AcceptTodo, InProcess: true, Run: s.serveReturns},
	}
}

// suite holds the code under test; its methods are the checks.
type suite struct {
	serve check.ServeFunc
	Options
}

// launch starts the server for a case, in-process or as WORKBOOK_CMD, and
// arranges for a failure to be read for what it shows (see diagnose.go).
func (s suite) launch(c *check.T) *check.Server {
	c.Helper()
	if check.External("") != "" || !s.WatchCloses {
		srv := c.Launch(s.serve)
		c.Private(s.BufferTodo)
		s.noticeNoEcho(c, srv)
		return srv
	}
	// In process, the connections are also watched for one closed under
	// its handler (closewatch.go). That reading is more precise than
	// noticeNoEcho's, so its note comes after, and wins.
	w := &closeWatch{Listener: c.Listen()}
	srv := c.StartOn(w, s.serve)
	c.Private(s.BufferTodo)
	s.noticeNoEcho(c, srv)
	s.noticeClosedUnder(c, w)
	return srv
}

// start is launch for a check that needs the server in-process.
func (s suite) start(c *check.T) *check.Server {
	c.Helper()
	srv := c.Start(s.serve)
	s.noticeNoEcho(c, srv)
	return srv
}

// startOn is start on a listener of the check's choosing.
func (s suite) startOn(c *check.T, ln net.Listener) *check.Server {
	c.Helper()
	srv := c.StartOn(ln, s.serve)
	s.noticeNoEcho(c, srv)
	return srv
}

// StartOn starts serve on ln, in process, for a check of the stage's own
// that echoes a line through it (stage 01's Listen checks): a failure
// where the server closes a fresh client's connection without echoing
// is then read as the echo's, at opt.EchoTodo.
func StartOn(c *check.T, ln net.Listener, serve check.ServeFunc, opt Options) *check.Server {
	c.Helper()
	return suite{serve: serve, Options: opt}.startOn(c, ln)
}
