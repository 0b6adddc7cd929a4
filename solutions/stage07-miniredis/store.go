package miniredis

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// store is the keyspace that every client shares. One mutex guards it:
// each command holds it for a few map operations and never while it
// touches the network, so on a machine with a few cores the lock is not
// what limits throughput; the system calls are.
//
// Values are strings, the only type this server has. A Go string is
// immutable, so a value can be handed to a client's writer after the lock
// is released, with no copy.
type store struct {
	mu   sync.Mutex
	keys map[string]*entry
	ttls expiryHeap // the entries that have a deadline, soonest first
	peak int        // the most keys held since keys was last rebuilt; see shrink
}

// entry is one key and its value.
type entry struct {
	key      string
	value    string
	expireAt int64 // Unix time in ms after which the key is gone; 0 if it never expires
	index    int   // the entry's position in ttls, or -1 when it has no deadline
}

// expired reports whether e's deadline has passed at now. At the very
// millisecond of its deadline a key still exists, as in Redis.
func (e *entry) expired(now int64) bool { return e.expireAt != 0 && now > e.expireAt }

func newStore() *store { return &store{keys: make(map[string]*entry)} }

// nowMillis is the clock deadlines are kept in: Unix time in milliseconds,
// Redis's unit, which EXPIRE's and SET's options compute with.
func nowMillis() int64 { return time.Now().UnixMilli() }

// setOptions are SET's options, once parsed.
type setOptions struct {
	nx, xx   bool  // set only if the key is missing (NX) or present (XX)
	get      bool  // the caller wants the old value (GET)
	keepTTL  bool  // leave the key's deadline as it is (KEEPTTL)
	expireAt int64 // the new deadline, in Unix ms; 0 means none
}

// expireCondition is EXPIRE's option: set the deadline only if the key has
// none (NX) or has one (XX), or if the new one is later (GT) or earlier
// (LT) than the current one, where no deadline counts as infinitely late.
type expireCondition struct{ nx, xx, gt, lt bool }

// get returns key's value, if it exists.
func (s *store) get(key []byte) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.lookup(key, nowMillis())
	if e == nil {
		return "", false
	}
	return e.value, true
}

// set stores value under key as SET does with opts: it returns the old
// value and whether there was one, and whether it stored the new value,
// which NX or XX may forbid. Without KEEPTTL it replaces the deadline
// (with none, if opts has none), as SET in Redis does.
func (s *store) set(key, value []byte, opts setOptions) (old string, found, stored bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.lookup(key, nowMillis())
	if e != nil {
		old, found = e.value, true
	}
	if opts.nx && found || opts.xx && !found {
		return old, found, false
	}
	if e == nil {
		e = s.insert(key)
	}
	e.value = string(value) // a copy: value is the reader's buffer
	if !opts.keepTTL {
		s.setDeadline(e, opts.expireAt)
	}
	return old, found, true
}

// del deletes keys and returns how many existed.
func (s *store) del(keys [][]byte) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	now, n := nowMillis(), 0
	for _, key := range keys {
		if e := s.lookup(key, now); e != nil {
			s.remove(e)
			n++
		}
	}
	return n
}

// exists returns how many of keys exist, counting a key named twice twice.
func (s *store) exists(keys [][]byte) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	now, n := nowMillis(), 0
	for _, key := range keys {
		if s.lookup(key, now) != nil {
			n++
		}
	}
	return n
}

// incrBy adds delta to the integer stored at key (0 if it is missing) and
// returns the result. The key keeps its deadline, as in Redis.
func (s *store) incrBy(key []byte, delta int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.lookup(key, nowMillis())
	var n int64
	if e != nil {
		var ok bool
		if n, ok = parseInt(e.value); !ok {
			return 0, errNotInteger
		}
	}
	if delta < 0 && n < 0 && delta < math.MinInt64-n ||
		delta > 0 && n > 0 && delta > math.MaxInt64-n {
		return 0, errIncrOverflow
	}
	n += delta
	if e == nil {
		e = s.insert(key)
	}
	e.value = strconv.FormatInt(n, 10)
	return n, nil
}

// expire gives key the deadline at (Unix ms) if cond allows it, and
// reports whether it did. A deadline already past deletes the key at once,
// as Redis 7 does.
func (s *store) expire(key []byte, at int64, cond expireCondition) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := nowMillis()
	e := s.lookup(key, now)
	if e == nil {
		return false
	}
	current := e.expireAt
	switch {
	case cond.nx && current != 0,
		cond.xx && current == 0,
		cond.gt && (current == 0 || at <= current),
		cond.lt && current != 0 && at >= current:
		return false
	}
	if at <= now {
		s.remove(e)
	} else {
		s.setDeadline(e, at)
	}
	return true
}

// ttl returns the time key has left, in ms, or, as TTL replies, -1 if it
// has no deadline and -2 if it does not exist.
func (s *store) ttl(key []byte) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := nowMillis()
	e := s.lookup(key, now)
	switch {
	case e == nil:
		return -2
	case e.expireAt == 0:
		return -1
	}
	return e.expireAt - now
}

// flush deletes every key.
func (s *store) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = make(map[string]*entry)
	s.ttls = nil
	s.peak = 0
}

// size returns the number of keys. As in Redis, it counts expired keys
// that neither a client nor the sweep has deleted yet.
func (s *store) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}

// lookup returns key's entry, or nil if there is none. A key past its
// deadline is deleted on the spot and reported missing: that is how an
// expired key disappears at once, whenever the sweep next comes by.
// s.mu must be held.
func (s *store) lookup(key []byte, now int64) *entry {
	e := s.keys[string(key)] // no allocation: the compiler sees the conversion is only for the lookup
	if e != nil && e.expired(now) {
		s.remove(e)
		return nil
	}
	return e
}

// insert adds an entry for key, with no value and no deadline yet.
// s.mu must be held.
func (s *store) insert(key []byte) *entry {
	e := &entry{key: string(key), index: -1}
	s.keys[e.key] = e
	s.peak = max(s.peak, len(s.keys))
	return e
}

// remove deletes e. s.mu must be held.
func (s *store) remove(e *entry) {
	delete(s.keys, e.key)
	s.setDeadline(e, 0)
}
