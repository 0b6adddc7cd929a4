package mutants

import (
	"strconv"
	"time"
)

// IncrDropsTTL: "INCR stores the new count as SET would." Storing a new
// entry forgets the key's time to live: a counter meant to expire (a rate
// limit's, say) never does. Caught by "set-clears-ttl", whose INCR must
// keep it.
var IncrDropsTTL = serveWith(func(s *server) {
	s.db.incr = func(d *store, key string, by int64) (int64, error) {
		d.mu.Lock()
		defer d.mu.Unlock()
		e, ok := d.live(key, time.Now())
		n, err := counter(e, ok)
		if err != nil {
			return 0, err
		}
		if by > 0 && n > maxInt-by || by < 0 && n < minInt-by {
			return 0, errOverflow
		}
		n += by
		d.keys[key] = &entry{val: strconv.AppendInt(nil, n, 10)} // BUG: no expiry time
		return n, nil
	}
})
