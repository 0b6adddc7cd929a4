package mutants

import (
	"strconv"
	"time"
)

// IncrWraps: "n += by." INCR of 9223372036854775807 wraps round to a
// negative number, where Redis refuses it and leaves the value as it was.
// Caught by "incr-errors".
var IncrWraps = serveWith(func(s *server) {
	s.db.incr = func(d *store, key string, by int64) (int64, error) {
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
		n += by // BUG: no overflow check
		d.keys[key] = &entry{val: strconv.AppendInt(nil, n, 10), at: e.at}
		return n, nil
	}
})
