// Package sleepctx holds the cases of sleep-ignores-ctx.
package sleepctx

import (
	"context"
	"time"
)

func backoff(ctx context.Context, d time.Duration) {
	time.Sleep(d) // want `^sleep-ignores-ctx: time.Sleep cannot be woken by ctx: a shutdown waits out the whole sleep`
}

func poll(ctx context.Context, done func() bool) {
	go func() {
		for !done() {
			time.Sleep(10 * time.Millisecond) // want `cannot be woken by ctx`
		}
	}()
}

// The cases below must give no finding.

func pause(d time.Duration) {
	time.Sleep(d)
}

func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// later sleeps before it has a context to watch.
func later(d time.Duration) context.Context {
	time.Sleep(d)
	ctx := context.Background()
	return ctx
}
