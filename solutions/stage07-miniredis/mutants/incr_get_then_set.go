package mutants

import (
	"strconv"
	"time"
)

// IncrGetThenSet: "INCR is a GET, an addition and a SET, and GET and SET
// each take the lock." Two clients that INCR at once both read 5 and both
// write 6: a count is lost. Caught by "incr-concurrent".
var IncrGetThenSet = serveWith(func(s *server) {
	s.db.incr = func(d *store, key string, by int64) (int64, error) {
		d.mu.Lock()
		e, ok := d.live(key, time.Now())
		d.mu.Unlock() // BUG: another INCR may run from here to the write
		n, err := counter(e, ok)
		if err != nil {
			return 0, err
		}
		if by > 0 && n > maxInt-by || by < 0 && n < minInt-by {
			return 0, errOverflow
		}
		n += by
		d.mu.Lock()
		defer d.mu.Unlock()
		at := time.Time{}
		if cur, ok := d.live(key, time.Now()); ok {
			at = cur.at
		}
		d.keys[key] = &entry{val: strconv.AppendInt(nil, n, 10), at: at}
		return n, nil
	}
})
