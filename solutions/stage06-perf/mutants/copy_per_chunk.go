package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage06-perf/perftest"
)

// CopyPerChunk copies every chunk into a new slice before queueing it, as
// the lecture's Rust does with buffer[..n].to_vec(). It is correct, but it
// allocates on every message, which is what the pool was meant to avoid.
func CopyPerChunk(_ context.Context, ln net.Listener, o perftest.Config) error {
	pool := poolOf(o)
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		queue := make(chan []byte, queueOf(o))
		wrote := make(chan struct{})
		go func() {
			defer close(wrote)
			for chunk := range queue {
				conn.Write(chunk)
			}
		}()
		readInto(conn, pool, func(buf *[]byte) {
			chunk := append([]byte(nil), *buf...) // BUG: a new allocation per message
			pool.Put(buf)
			queue <- chunk
		})
		close(queue)
		<-wrote
	})
}
