package mutants

import (
	"context"
	"net"

	"tcpworkbook/kit/check"
	"tcpworkbook/stage06-perf/perftest"
)

// The mistakes below are the reference with one switch of reader.go
// turned on: the code of TODO(2), reading without holding a buffer.

// KeptOnEAGAIN borrows a buffer for each attempt to read, but when the
// socket has nothing yet it parks without giving the buffer back: every
// wait leaks one, and the pool runs dry.
var KeptOnEAGAIN = misread(func(r *chunkReader) { r.keepOnEAGAIN = true })

// ClosurePerRead makes the function it hands RawConn.Read anew for every
// read, a closure over the reader: one allocation per message.
var ClosurePerRead = misread(func(r *chunkReader) { r.closurePerRead = true })

// misread is the reference whose reader has the mistake that set switches
// on.
func misread(set func(*chunkReader)) check.Serve[perftest.Config] {
	return func(_ context.Context, ln net.Listener, o perftest.Config) error {
		return serve(ln, func(conn net.Conn) {
			defer conn.Close()
			e := newEchoer(conn, o)
			e.misread = set // BUG: see the server's comment
			e.run()
		})
	}
}
