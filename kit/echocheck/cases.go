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

// Cases returns the checks of a byte-stream echo server: serve configured
// by cfg, in process, or the command cfg names (check.Launch).
func Cases[C check.Config](serve check.Serve[C], cfg C, opt Options) []check.Case {
	s := suite[C]{serve: serve, cfg: cfg, Options: opt}
	return []check.Case{
		{Name: "short", Todo: opt.EchoTodo, Run: s.short},
		{Name: "binary", Todo: opt.EchoTodo, Run: s.binary},
		// half-close before concurrent: an echo that goes on after EOF
		// spins in every handler whose client has gone, and after
		// concurrent's hundred clients that starves every check after it.
		{Name: "half-close", Todo: opt.EchoTodo, Run: s.halfClose},
		{Name: "concurrent", Todo: opt.AcceptTodo, Run: s.concurrent},
		{Name: "reset", Todo: opt.EchoTodo, Run: s.reset},
		{Name: "goroutines", Todo: opt.EchoTodo, InProcess: true, Run: s.goroutines},
		{Name: "serve-returns", Todo: opt.AcceptTodo, InProcess: true, Run: s.serveReturns},
	}
}

// suite holds the code under test; its methods are the checks.
type suite[C check.Config] struct {
	serve check.Serve[C]
	cfg   C
	Options
}

// setUp starts the server for a case and arranges for a failure to be
// read for what it shows (see diagnose.go). In process, the connections
// are also watched for one closed under its handler (closewatch.go): that
// reading is more precise than noticeNoEcho's, so its note comes after,
// and wins.
func (s suite[C]) setUp(c *check.T) *check.Server {
	c.Helper()
	var w *closeWatch
	var ln net.Listener
	if s.WatchCloses {
		w = &closeWatch{Listener: c.Listen()}
		ln = w
	}
	srv := check.LaunchOn(c, ln, s.serve, s.cfg)
	c.Private(s.BufferTodo)
	NoticeNoEcho(c, srv, s.Options)
	if w != nil && srv.Listener != nil {
		s.noticeClosedUnder(c, w)
	}
	return srv
}

// NoticeNoEcho arranges for a failure of a check that echoes a line
// through srv to be read for a server that closes a fresh client's
// connection without echoing: at opt.EchoTodo. Stage 01's own Listen
// checks, which start their server on the listener under test, use it.
func NoticeNoEcho(c *check.T, srv *check.Server, opt Options) {
	suite[noConfig]{Options: opt}.noticeNoEcho(c, srv)
}

// noConfig stands for a configuration where none is needed.
type noConfig struct{}

func (noConfig) Command() (string, []string) { return "", nil }
