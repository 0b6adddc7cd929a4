package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage06-perf/perftest"
)

// EarlyPut gives each buffer back to the pool before writing it. The next
// read, on this connection or another, may borrow the same buffer and
// overwrite the bytes while they are still waiting to be written; a pool
// that resets or reuses buffers makes clients receive someone else's data.
func EarlyPut(_ context.Context, ln net.Listener, o perftest.Config) error {
	pool := poolOf(o)
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		queue := make(chan *[]byte, queueOf(o))
		wrote := make(chan struct{})
		go func() {
			defer close(wrote)
			for buf := range queue {
				pool.Put(buf) // BUG: returned while its bytes are still to be written
				conn.Write(*buf)
			}
		}()
		readInto(conn, pool, func(buf *[]byte) { queue <- buf })
		close(queue)
		<-wrote
	})
}
