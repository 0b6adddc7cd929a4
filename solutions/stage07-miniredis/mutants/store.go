package mutants

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// entry is a key's value and when it expires (zero: never).
type entry struct {
	val []byte
	at  time.Time
}

func (e *entry) expired(now time.Time) bool { return !e.at.IsZero() && !now.Before(e.at) }

// store is the keyspace every client shares, behind one lock. A key past
// its time is gone for every command at once (live deletes it), and the
// sweep removes those that nobody reads.
type store struct {
	mu   sync.Locker
	keys map[string]*entry

	// incr is INCRBY: a read, a sum and a write, all under one lock.
	incr func(d *store, key string, by int64) (int64, error)
	// replace is how SET stores a value, with mu held; at is zero for a
	// key that lives for ever.
	replace func(d *store, key string, val []byte, at time.Time)
}

func newStore() *store {
	return &store{
		mu: new(sync.Mutex), keys: map[string]*entry{},
		incr: incrLocked, replace: replaceEntry,
	}
}

// live returns key's entry, deleting it if it has expired. mu is held.
func (d *store) live(key string, now time.Time) (*entry, bool) {
	e, ok := d.keys[key]
	if ok && e.expired(now) {
		delete(d.keys, key)
		return nil, false
	}
	return e, ok
}

func (d *store) get(key string) ([]byte, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.live(key, time.Now())
	if !ok {
		return nil, false
	}
	return e.val, true
}

// set is SET: it stores a copy of val unless nx and the key exists, or
// xx and it does not, and reports whether it did.
func (d *store) set(key string, val []byte, at time.Time, nx, xx bool) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, exists := d.live(key, time.Now())
	if nx && exists || xx && !exists {
		return false
	}
	d.replace(d, key, append([]byte{}, val...), at)
	return true
}

// replaceEntry makes a new entry: a plain SET forgets the old time to live.
func replaceEntry(d *store, key string, val []byte, at time.Time) {
	d.keys[key] = &entry{val: val, at: at}
}

func (d *store) del(keys ...string) (n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		if _, ok := d.live(k, now); ok {
			delete(d.keys, k)
			n++
		}
	}
	return n
}

// exists counts the keys that exist, a key named twice twice.
func (d *store) exists(keys ...string) (n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		if _, ok := d.live(k, now); ok {
			n++
		}
	}
	return n
}

// size is DBSIZE: every key stored, expired or not, as in Redis.
func (d *store) size() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.keys)
}

var errOverflow = errors.New("ERR increment or decrement would overflow")

const (
	maxInt = math.MaxInt64
	minInt = math.MinInt64
)

// incrLocked is INCRBY: the key counts from 0 and keeps its time to live.
func incrLocked(d *store, key string, by int64) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.live(key, time.Now())
	if !ok {
		e = &entry{}
	}
	n, err := counter(e, ok)
	if err != nil {
		return 0, err
	}
	if by > 0 && n > maxInt-by || by < 0 && n < minInt-by {
		return 0, errOverflow
	}
	n += by
	d.keys[key] = &entry{val: strconv.AppendInt(nil, n, 10), at: e.at}
	return n, nil
}

// counter is the integer in e's value, 0 for a key that does not exist.
func counter(e *entry, exists bool) (int64, error) {
	if !exists {
		return 0, nil
	}
	n, ok := parseInt(e.val)
	if !ok {
		return 0, errors.New(errNotInteger)
	}
	return n, nil
}

// expire sets key's expiry time, deleting it if that is already past.
func (d *store) expire(key string, at time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	e, ok := d.live(key, now)
	if !ok {
		return false
	}
	d.keys[key] = &entry{val: e.val, at: at}
	d.live(key, now)
	return true
}

// ttl is how long key has left, negative for no expiry; ok is false for
// no key.
func (d *store) ttl(key string) (left time.Duration, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	e, ok := d.live(key, now)
	if !ok || e.at.IsZero() {
		return -1, ok
	}
	return e.at.Sub(now), true
}

// sweepLoop removes expired keys that nobody reads, ten times a second,
// much as Redis does: it looks at a sample of keys, deletes those past
// their time, and looks again while more than a quarter of them were.
func (d *store) sweepLoop(ctx context.Context) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for start := time.Now(); time.Since(start) < 25*time.Millisecond && d.sweepOnce(100) > 25; {
		}
	}
}

// sweepOnce looks at up to sample keys, deletes those that have expired,
// and returns how many it deleted.
func (d *store) sweepOnce(sample int) (deleted int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	for k, e := range d.keys { // Go's map order is random enough for a sample
		if sample--; sample < 0 {
			break
		}
		if e.expired(now) {
			delete(d.keys, k)
			deleted++
		}
	}
	return deleted
}

// parseInt reads a decimal integer as Redis does: digits after an optional
// minus, with no plus sign, no space, no leading zero and no "-0", all of
// which strconv.ParseInt would take.
func parseInt(b []byte) (int64, bool) {
	s := string(b)
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || digits[0] < '1' && s != "0" || digits[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
