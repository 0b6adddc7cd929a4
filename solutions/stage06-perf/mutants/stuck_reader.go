package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage06-perf/perftest"
)

// StuckReader stops writing at the first failed write and walks away. If
// the reader is blocked sending on a full queue at that moment (the client
// stopped reading, then reset), nobody ever receives again: the reader's
// goroutine and every buffer in the queue are lost for good.
func StuckReader(_ context.Context, ln net.Listener, o perftest.Config) error {
	pool := poolOf(o)
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		queue := make(chan *[]byte, queueOf(o))
		go func() {
			for buf := range queue {
				_, err := conn.Write(*buf)
				pool.Put(buf)
				if err != nil {
					return // BUG: close conn and keep draining the queue instead
				}
			}
		}()
		readInto(conn, pool, func(buf *[]byte) { queue <- buf })
		close(queue)
	})
}
