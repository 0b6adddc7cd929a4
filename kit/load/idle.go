package load

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// idle holds the connections open, reads the server's memory, then echoes
// one more message on each to check that none was dropped.
func (s *Session) idle(ctx context.Context) *Result {
	start := time.Now()
	s.prog.Started.Store(start.UnixNano())
	r := &Result{Config: s.cfg, Open: len(s.conns), RSSBefore: s.rssZero}
	hold := s.cfg.Duration
	if hold <= 0 {
		hold = time.Second
	}
	select {
	case <-ctx.Done():
	case <-time.After(hold):
	}
	if s.cfg.PID > 0 {
		rss, err := ReadRSS(s.cfg.PID)
		if err != nil {
			r.FirstErr = err
		}
		r.RSSAfter = rss
	}
	var (
		wg     sync.WaitGroup
		next   atomic.Int64
		mu     sync.Mutex
		failed int64
	)
	for range min(dialers, len(s.conns)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(s.conns) {
					return
				}
				if err := hello(s.conns[i], i); err != nil {
					mu.Lock()
					failed++
					if r.FirstErr == nil {
						r.FirstErr = fmt.Errorf("connection %d after idling: %w", i, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	r.Errors = failed
	r.Messages = int64(len(s.conns)) - failed
	r.Elapsed = time.Since(start)
	return r
}
