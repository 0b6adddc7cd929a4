package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage06-perf/perftest"
)

// workers is the size of WorkerPool's pool: more than the 100 clients of
// stage 01's concurrent check, fewer than the 1,000 of thousand.
const workers = 256

// WorkerPool serves connections with a fixed pool of goroutines, as one
// would to bound the work of short jobs. But a connection is not a short
// job: each worker keeps its connection until the client leaves, so once
// 256 clients are connected, the next ones wait, unserved, until one of
// those leaves, however idle they all are. A goroutine per connection
// costs a few KiB; pooling them saves nothing worth this.
func WorkerPool(_ context.Context, ln net.Listener, o perftest.Config) error {
	conns := make(chan net.Conn)
	defer close(conns) // each worker stops once its connection has ended
	for range workers {
		go func() {
			for conn := range conns {
				echo(conn, o)
			}
		}()
	}
	return acceptLoop(ln, func(conn net.Conn) {
		conns <- conn // BUG: waits, with the client unserved, while every worker holds one
	})
}
