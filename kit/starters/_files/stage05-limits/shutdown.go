package limits

import (
	"fmt"
	"net"
	"sync"
	"time"
)

// This file is the drain, the last step of a graceful shutdown, carried
// unchanged from stage 04 into stage 05.

// drain waits for the handlers, which the shutdown has already woken, for
// up to the drain timeout. Then it closes the connections that are left,
// which fails their pending Read or Write, and reports how many it cut.
func (s *Server) drain(live *connSet) error {
	log, limit := s.logger(), s.drainTimeout()
	open := live.count()
	log.Warn("draining", "open", open, "timeout", limit)

	done := make(chan struct{})
	go func() {
		live.wg.Wait()
		close(done)
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-done:
		log.Info("drained", "connections", open)
		return nil
	case <-timer.C:
	}
	cut := live.closeAll()
	<-done // every handler is failing its Read or Write now
	log.Warn("drained, but cut some off", "connections", open-cut, "cut", cut)
	return fmt.Errorf("shutdown: cut %d of %d connections: they did not finish within %v", cut, open, limit)
}

// connSet is the set of connections being served: the shutdown waits for
// their handlers and, when they take too long, closes them.
type connSet struct {
	wg sync.WaitGroup // one per handler still running
	mu sync.Mutex
	m  map[net.Conn]struct{}
}

func (cs *connSet) add(c net.Conn) {
	cs.wg.Add(1)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.m == nil {
		cs.m = make(map[net.Conn]struct{})
	}
	cs.m[c] = struct{}{}
}

// remove is the last thing a handler's goroutine does.
func (cs *connSet) remove(c net.Conn) {
	cs.mu.Lock()
	delete(cs.m, c)
	cs.mu.Unlock()
	cs.wg.Done()
}

func (cs *connSet) count() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return len(cs.m)
}

// closeAll closes every connection still open and reports how many there
// were.
func (cs *connSet) closeAll() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c := range cs.m {
		c.Close()
	}
	return len(cs.m)
}
