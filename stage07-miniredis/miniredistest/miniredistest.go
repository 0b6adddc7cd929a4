// Package miniredistest is the stage 07 suite: the checks for a server
// that speaks Redis's protocol, RESP2, and answers as Redis 7.0 does. Call
// Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn.
//
// The checks speak in two voices: raw bytes, for framing, where a reply
// must be right to the byte; and github.com/redis/go-redis/v9, the client
// applications use, for pipelines, concurrency and pub/sub fan-out. Every
// check talks to the server only through its TCP address, so the same
// suite runs against real Redis (see the stage's README), which is how the
// workbook knows that its spec is Redis's.
package miniredistest

import (
	"testing"

	"tcpworkbook/kit/check"
)

// Impl is the code under test.
type Impl struct {
	// Serve runs a server configured by cfg on ln until ctx is cancelled
	// or ln is closed, then shuts down gracefully and returns nil.
	Serve check.Serve[Config]
}

// Run runs every stage 07 check against impl, in the order of the TODOs.
func Run(t *testing.T, impl Impl) {
	t.Helper()
	s := suite{impl: impl}
	var cases []check.Case
	for _, group := range [][]check.Case{s.protocol(), s.keys(), s.counters(), s.expiry(), s.pubsub(), s.limits(), s.shutdown()} {
		cases = append(cases, group...)
	}
	check.Run(t, Manifest.Suite(), check.SkipExtensions(cases, Manifest.Extensions))
}

// suite holds the code under test; its methods are the checks.
type suite struct {
	impl Impl
}

// conn is one of the case's clients, speaking raw RESP.
type conn struct{ *check.Client }

func dial(c *check.T, name string) conn {
	c.Helper()
	return conn{c.Dial(name)}
}

// Do sends one command as an array of bulk strings.
func (r conn) Do(args ...string) {
	r.Send(command(args...))
}

// Call sends one command and expects want, byte for byte.
func (r conn) Call(want string, args ...string) {
	r.Do(args...)
	r.Expect(want)
}
