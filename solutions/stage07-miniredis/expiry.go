package miniredis

import (
	"container/heap"
	"context"
	"maps"
	"time"
)

// An expired key is invisible at once (lookup deletes it when anyone asks
// for it), but a key nobody asks for again would hold its memory forever.
// So a sweep, like Redis's active expiry, runs sweepInterval apart (Redis's
// default hz is 10) and deletes every key whose deadline has passed. It
// takes the lock for at most sweepBatch keys at a time, so that clients
// get their turn even when a million keys expire in the same millisecond.
const (
	sweepInterval = 100 * time.Millisecond
	sweepBatch    = 1000
)

// expireLoop sweeps s until ctx is done.
func (s *store) expireLoop(ctx context.Context) {
	t := time.NewTicker(sweepInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for s.sweep(nowMillis(), sweepBatch) == sweepBatch && ctx.Err() == nil {
			// A full batch: more may be due. Sweep again at once; the
			// lock was released in between.
		}
	}
}

// sweep deletes up to limit keys whose deadline has passed at now and
// returns how many it deleted.
func (s *store) sweep(now int64, limit int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for ; n < limit && len(s.ttls) > 0 && s.ttls[0].expired(now); n++ {
		s.remove(s.ttls[0])
	}
	s.shrink()
	return n
}

// shrinkMin is the fewest keys worth rebuilding the map for.
const shrinkMin = 1024

// shrink rebuilds the map once most of its keys are gone. A Go map never
// gives back the memory of deleted entries, so without this a burst of a
// million short-lived keys would cost a million keys' worth of map for the
// life of the server. s.mu must be held.
func (s *store) shrink() {
	if s.peak < shrinkMin || len(s.keys) > s.peak/4 {
		return
	}
	keys := make(map[string]*entry, len(s.keys))
	maps.Copy(keys, s.keys)
	s.keys, s.peak = keys, len(keys)
}

// setDeadline changes e's deadline to at (0 for none), keeping the heap in
// step. s.mu must be held.
func (s *store) setDeadline(e *entry, at int64) {
	e.expireAt = at
	switch {
	case at == 0 && e.index >= 0:
		heap.Remove(&s.ttls, e.index)
	case at == 0:
		// It had none and still has none.
	case e.index >= 0:
		heap.Fix(&s.ttls, e.index)
	default:
		heap.Push(&s.ttls, e)
	}
}

// expiryHeap is a min-heap of the entries that have a deadline, soonest
// first, for container/heap. Each entry knows its own index, so a deadline
// that changes or goes away is fixed or removed in O(log n), and the heap
// never holds stale items: its size is the number of keys with a deadline,
// however often those deadlines change.
type expiryHeap []*entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expireAt < h[j].expireAt }

func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *expiryHeap) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil // let the entry go
	e.index = -1
	*h = old[:len(old)-1]
	return e
}
