package mutants

import (
	"errors"
	"strconv"
	"time"
)

// IncrLenient: "strconv.ParseInt reads the counter." It takes "+5",
// "007" and "-0", which Redis refuses as not an integer, so a value
// stored by mistake goes on counting here and fails with Redis. Caught by
// "incr-errors".
var IncrLenient = serveWith(func(s *server) {
	s.db.incr = func(d *store, key string, by int64) (int64, error) {
		d.mu.Lock()
		defer d.mu.Unlock()
		e, ok := d.live(key, time.Now())
		var n int64
		if ok {
			var err error
			if n, err = strconv.ParseInt(string(e.val), 10, 64); err != nil { // BUG: too lenient
				return 0, errors.New(errNotInteger)
			}
		} else {
			e = &entry{}
		}
		if by > 0 && n > maxInt-by || by < 0 && n < minInt-by {
			return 0, errOverflow
		}
		n += by
		d.keys[key] = &entry{val: strconv.AppendInt(nil, n, 10), at: e.at}
		return n, nil
	}
})
