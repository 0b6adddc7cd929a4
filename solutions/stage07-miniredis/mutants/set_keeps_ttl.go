package mutants

import "time"

// SetKeepsTTL: "SET updates the value; the key's expiry is a separate
// thing." A plain SET makes a key live for ever in Redis; here it keeps
// the old time to live and vanishes later. Caught by "set-clears-ttl".
var SetKeepsTTL = serveWith(func(s *server) {
	s.db.replace = func(d *store, key string, val []byte, at time.Time) {
		if old, ok := d.keys[key]; ok && at.IsZero() {
			at = old.at // BUG: the old expiry survives a plain SET
		}
		d.keys[key] = &entry{val: val, at: at}
	}
})
