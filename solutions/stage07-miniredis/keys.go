package miniredis

import "math"

// This file holds the commands on keys and string values. They parse and
// check their arguments as Redis does, leave the keyspace to the store, and
// write the reply.

func cmdGet(c *client, args [][]byte) error {
	if v, ok := c.srv.db.get(args[1]); ok {
		c.w.bulkString(v)
	} else {
		c.w.null()
	}
	return nil
}

// cmdSet is SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL].
func cmdSet(c *client, args [][]byte) error {
	opts, err := parseSetOptions(args[3:], nowMillis())
	if err != nil {
		return err
	}
	old, found, stored := c.srv.db.set(args[1], args[2], opts)
	switch {
	case opts.get && found:
		c.w.bulkString(old)
	case opts.get, !stored:
		c.w.null()
	default:
		c.w.simple("OK")
	}
	return nil
}

// parseSetOptions parses SET's options as Redis 7.0 does. They may come in
// any order, and even twice, but NX excludes XX, and KEEPTTL and the four
// expiry options all exclude one another. The expiry's value is checked
// only after every option has parsed, so "SET k v EX x FOO" is a syntax
// error, not a bad integer.
func parseSetOptions(opts [][]byte, now int64) (setOptions, error) {
	var (
		o     setOptions
		unit  string // the expiry option given: "ex", "px", "exat" or "pxat"
		value []byte // its value
	)
	for i := 0; i < len(opts); i++ {
		opt := word(opts[i])
		switch {
		case opt == "nx" && !o.xx:
			o.nx = true
		case opt == "xx" && !o.nx:
			o.xx = true
		case opt == "get":
			o.get = true
		case opt == "keepttl" && unit == "":
			o.keepTTL = true
		case isExpiryOption(opt) && !o.keepTTL && (unit == "" || unit == opt) && i+1 < len(opts):
			unit, value = opt, opts[i+1]
			i++
		default:
			return o, errSyntax
		}
	}
	if unit != "" {
		var err error
		if o.expireAt, err = setDeadline(unit, value, now); err != nil {
			return o, err
		}
	}
	return o, nil
}

func isExpiryOption(opt string) bool {
	return opt == "ex" || opt == "px" || opt == "exat" || opt == "pxat"
}

// setDeadline turns the value of SET's EX, PX, EXAT or PXAT option into a
// deadline in Unix ms. As in Redis, it must be positive, and neither the
// conversion to ms nor the addition of now may overflow.
func setDeadline(unit string, value []byte, now int64) (int64, error) {
	n, ok := parseInt(value)
	if !ok {
		return 0, errNotInteger
	}
	seconds := unit == "ex" || unit == "exat"
	if n <= 0 || seconds && n > math.MaxInt64/1000 {
		return 0, errExpireTime("set")
	}
	if seconds {
		n *= 1000
	}
	if unit == "ex" || unit == "px" {
		if n > math.MaxInt64-now {
			return 0, errExpireTime("set")
		}
		n += now
	}
	return n, nil
}

func cmdDel(c *client, args [][]byte) error {
	c.w.integer(int64(c.srv.db.del(args[1:])))
	return nil
}

func cmdExists(c *client, args [][]byte) error {
	c.w.integer(int64(c.srv.db.exists(args[1:])))
	return nil
}

func cmdIncr(c *client, args [][]byte) error { return incrBy(c, args[1], 1) }

func cmdDecr(c *client, args [][]byte) error { return incrBy(c, args[1], -1) }

func cmdIncrBy(c *client, args [][]byte) error {
	delta, ok := parseInt(args[2])
	if !ok {
		return errNotInteger
	}
	return incrBy(c, args[1], delta)
}

func cmdDecrBy(c *client, args [][]byte) error {
	delta, ok := parseInt(args[2])
	if !ok {
		return errNotInteger
	}
	if delta == math.MinInt64 {
		return errDecrOverflow // its negation does not fit in an int64
	}
	return incrBy(c, args[1], -delta)
}

func incrBy(c *client, key []byte, delta int64) error {
	n, err := c.srv.db.incrBy(key, delta)
	if err != nil {
		return err
	}
	c.w.integer(n)
	return nil
}

func cmdExpire(c *client, args [][]byte) error { return expire(c, args, "expire", 1000) }

func cmdPExpire(c *client, args [][]byte) error { return expire(c, args, "pexpire", 1) }

// expire is EXPIRE key seconds [NX|XX|GT|LT], and PEXPIRE, whose time is
// in milliseconds; unit is the ms in one unit of time. A time in the past,
// even a negative one, deletes the key: only overflow is an error.
func expire(c *client, args [][]byte, name string, unit int64) error {
	cond, err := parseExpireCondition(args[3:])
	if err != nil {
		return err
	}
	n, ok := parseInt(args[2])
	if !ok {
		return errNotInteger
	}
	if n > math.MaxInt64/unit || n < math.MinInt64/unit {
		return errExpireTime(name)
	}
	n *= unit
	now := nowMillis()
	if n > math.MaxInt64-now {
		return errExpireTime(name)
	}
	c.w.integer(boolInt(c.srv.db.expire(args[1], now+n, cond)))
	return nil
}

// parseExpireCondition parses EXPIRE's options, which Redis checks before
// it looks at the time.
func parseExpireCondition(opts [][]byte) (expireCondition, error) {
	var cond expireCondition
	for _, opt := range opts {
		switch word(opt) {
		case "nx":
			cond.nx = true
		case "xx":
			cond.xx = true
		case "gt":
			cond.gt = true
		case "lt":
			cond.lt = true
		default:
			return cond, errUnsupportedOption(opt)
		}
	}
	switch {
	case cond.nx && (cond.xx || cond.gt || cond.lt):
		return cond, errExpireNX
	case cond.gt && cond.lt:
		return cond, errExpireGTLT
	}
	return cond, nil
}

func cmdTTL(c *client, args [][]byte) error {
	ms := c.srv.db.ttl(args[1])
	if ms >= 0 {
		ms = (ms + 500) / 1000 // to the nearest second, as Redis rounds
	}
	c.w.integer(ms)
	return nil
}

func cmdPTTL(c *client, args [][]byte) error {
	c.w.integer(c.srv.db.ttl(args[1]))
	return nil
}

func cmdDBSize(c *client, _ [][]byte) error {
	c.w.integer(int64(c.srv.db.size()))
	return nil
}

// cmdFlush is FLUSHALL and FLUSHDB [ASYNC|SYNC]; with one database they
// are the same, and deleting is always immediate.
func cmdFlush(c *client, args [][]byte) error {
	if len(args) > 2 || len(args) == 2 && word(args[1]) != "async" && word(args[1]) != "sync" {
		return errSyntax
	}
	c.srv.db.flush()
	c.w.simple("OK")
	return nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
