package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage06-perf/perftest"
)

// TwoGoroutines is the lecture's design kept as it is: a reader and a
// writer for each connection's whole life. It echoes correctly, and holds
// back pressure, but a quiet connection keeps two parked goroutines, the
// writer waiting on an empty channel, where one would do: with 10,000
// idle clients that writer's stack is half the server's memory.
func TwoGoroutines(_ context.Context, ln net.Listener, o perftest.Config) error {
	pool := poolOf(o)
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		queue := make(chan *[]byte, queueOf(o))
		wrote := make(chan struct{})
		go func() { // BUG: a writer for the connection's whole life, parked while it is quiet
			defer close(wrote)
			failed := false
			for buf := range queue {
				if !failed {
					if _, err := conn.Write(*buf); err != nil {
						failed = true
						conn.Close()
					}
				}
				pool.Put(buf)
			}
		}()
		readInto(conn, pool, func(buf *[]byte) { queue <- buf })
		close(queue)
		<-wrote
	})
}
