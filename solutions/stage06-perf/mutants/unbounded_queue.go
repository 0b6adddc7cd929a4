package mutants

import (
	"context"
	"net"
	"sync"

	"tcpworkbook/stage06-perf/perftest"
)

// UnboundedQueue joins reader and writer with a growing slice instead of a
// bounded channel. The reader never waits, so a client that does not read
// its echo makes the server buffer everything it sends.
func UnboundedQueue(_ context.Context, ln net.Listener, o perftest.Config) error {
	pool := poolOf(o)
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		var (
			mu      sync.Mutex
			ready   = sync.NewCond(&mu)
			pending []*[]byte
			done    bool
		)
		wrote := make(chan struct{})
		go func() {
			defer close(wrote)
			for {
				mu.Lock()
				for len(pending) == 0 && !done {
					ready.Wait()
				}
				if len(pending) == 0 {
					mu.Unlock()
					return
				}
				buf := pending[0]
				pending = pending[1:]
				mu.Unlock()
				conn.Write(*buf)
				pool.Put(buf)
			}
		}()
		readInto(conn, pool, func(buf *[]byte) {
			mu.Lock()
			pending = append(pending, buf) // BUG: no limit; the reader never waits for the writer
			mu.Unlock()
			ready.Signal()
		})
		mu.Lock()
		done = true
		mu.Unlock()
		ready.Signal()
		<-wrote
	})
}
