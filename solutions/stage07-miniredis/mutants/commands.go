package mutants

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// command is an entry of the command table.
type command struct {
	arity int // Redis's convention: n arguments exactly, or -n for at least n
	run   func(c *client, args [][]byte)
}

func commands() map[string]command {
	return map[string]command{
		"ping":        {-1, ping},
		"echo":        {2, func(c *client, args [][]byte) { c.bulk(args[1]) }},
		"quit":        {-1, func(c *client, _ [][]byte) { c.simple("OK"); c.quit = true }},
		"get":         {2, get},
		"set":         {-3, set},
		"del":         {-2, del},
		"exists":      {-2, exists},
		"dbsize":      {1, func(c *client, _ [][]byte) { c.integer(int64(c.s.db.size())) }},
		"incr":        {2, func(c *client, args [][]byte) { incrBy(c, args[1], 1) }},
		"decr":        {2, func(c *client, args [][]byte) { incrBy(c, args[1], -1) }},
		"incrby":      {3, incrByArg},
		"expire":      {3, expire(time.Second)},
		"pexpire":     {3, expire(time.Millisecond)},
		"ttl":         {2, ttl(time.Second)},
		"pttl":        {2, ttl(time.Millisecond)},
		"subscribe":   {-2, subscribe},
		"unsubscribe": {-1, unsubscribe},
		"publish":     {3, publish},
	}
}

// exec runs one command, checking first what Redis checks: that it
// exists, its arity, and the mode a subscribed client is in.
func (c *client) exec(args [][]byte) {
	name := strings.ToLower(string(args[0]))
	cmd, ok := c.s.cmds[name]
	switch {
	case !ok:
		c.err(c.s.unknown(args))
	case !c.s.arityOK(cmd.arity, len(args)):
		c.err("ERR wrong number of arguments for '" + name + "' command")
	case len(c.subs) > 0 && !c.s.pubsubOnly(name):
		c.err("ERR Can't execute '" + name + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context")
	default:
		cmd.run(c, args)
	}
}

// unknownCommand quotes the name and the first arguments, each followed
// by a space, as Redis does.
func unknownCommand(args [][]byte) string {
	var quoted strings.Builder
	for _, a := range args[1:] {
		if quoted.Len() >= 128 {
			break
		}
		fmt.Fprintf(&quoted, "'%s' ", a)
	}
	return fmt.Sprintf("ERR unknown command '%s', with args beginning with: %s", args[0], quoted.String())
}

func redisArity(arity, n int) bool {
	if arity < 0 {
		return n >= -arity
	}
	return n == arity
}

func allowedWhileSubscribed(name string) bool {
	switch name {
	case "subscribe", "unsubscribe", "ping", "quit":
		return true
	}
	return false
}

const (
	errNotInteger = "ERR value is not an integer or out of range"
	errSyntax     = "ERR syntax error"
)

func ping(c *client, args [][]byte) {
	switch {
	case len(args) > 2:
		c.err("ERR wrong number of arguments for 'ping' command")
	case len(c.subs) > 0: // subscribed: in the shape of a message
		c.array(2)
		c.bulk([]byte("pong"))
		msg := []byte{}
		if len(args) == 2 {
			msg = args[1]
		}
		c.bulk(msg)
	case len(args) == 2:
		c.bulk(args[1])
	default:
		c.simple("PONG")
	}
}

func get(c *client, args [][]byte) {
	if v, ok := c.s.db.get(string(args[1])); ok {
		c.bulk(v)
	} else {
		c.nilBulk()
	}
}

// set is SET key value [NX|XX] [EX seconds|PX milliseconds].
func set(c *client, args [][]byte) {
	var nx, xx bool
	var ttl time.Duration
	for i := 3; i < len(args); i++ {
		switch opt := strings.ToUpper(string(args[i])); {
		case opt == "NX" && !xx:
			nx = true
		case opt == "XX" && !nx:
			xx = true
		case (opt == "EX" || opt == "PX") && ttl == 0 && i+1 < len(args):
			i++
			n, ok := parseInt(args[i])
			if !ok {
				c.err(errNotInteger)
				return
			}
			unit := time.Second
			if opt == "PX" {
				unit = time.Millisecond
			}
			if n <= 0 || n > math.MaxInt64/int64(unit) {
				c.err("ERR invalid expire time in 'set' command")
				return
			}
			ttl = time.Duration(n) * unit
		default:
			c.err(errSyntax)
			return
		}
	}
	var at time.Time
	if ttl > 0 {
		at = time.Now().Add(ttl)
	}
	if c.s.db.set(string(args[1]), args[2], at, nx, xx) {
		c.simple("OK")
	} else {
		c.nilBulk()
	}
}

func del(c *client, args [][]byte) {
	c.integer(int64(c.s.db.del(keys(args[1:])...)))
}

func exists(c *client, args [][]byte) {
	c.integer(int64(c.s.db.exists(keys(args[1:])...)))
}

func keys(args [][]byte) []string {
	ks := make([]string, len(args))
	for i, a := range args {
		ks[i] = string(a)
	}
	return ks
}

func incrByArg(c *client, args [][]byte) {
	by, ok := parseInt(args[2])
	if !ok {
		c.err(errNotInteger)
		return
	}
	incrBy(c, args[1], by)
}

func incrBy(c *client, key []byte, by int64) {
	n, err := c.s.db.incr(c.s.db, string(key), by)
	if err != nil {
		c.err(err.Error())
		return
	}
	c.integer(n)
}

// expire is EXPIRE (unit a second) or PEXPIRE (a millisecond).
func expire(unit time.Duration) func(c *client, args [][]byte) {
	return func(c *client, args [][]byte) {
		n, ok := parseInt(args[2])
		if !ok {
			c.err(errNotInteger)
			return
		}
		n = min(max(n, -math.MaxInt64/int64(unit)), math.MaxInt64/int64(unit)-1)
		if c.s.db.expire(string(args[1]), time.Now().Add(time.Duration(n)*unit)) {
			c.integer(1)
		} else {
			c.integer(0)
		}
	}
}

// ttl is TTL (in seconds, rounded) or PTTL: -2 for no key, -1 for a key
// without a time to live.
func ttl(unit time.Duration) func(c *client, args [][]byte) {
	return func(c *client, args [][]byte) {
		left, ok := c.s.db.ttl(string(args[1]))
		switch {
		case !ok:
			c.integer(-2)
		case left < 0:
			c.integer(-1)
		default:
			c.integer(int64((left + unit/2) / unit))
		}
	}
}

func subscribe(c *client, args [][]byte) {
	c.flush() // earlier replies go before the confirmations
	if c.box == nil {
		c.box = newOutbox(c.conn, c.s.pubSubLimit)
		go c.box.run() // serveConn waits for it
	}
	for _, ch := range args[1:] {
		c.s.hub.subscribe(c, ch)
	}
}

func unsubscribe(c *client, args [][]byte) {
	c.flush()
	chans := args[1:]
	if len(chans) == 0 {
		for ch := range c.subs {
			chans = append(chans, []byte(ch))
		}
	}
	if len(chans) == 0 { // subscribed to nothing: Redis still answers
		c.array(3)
		c.bulk([]byte("unsubscribe"))
		c.out = append(c.out, "$-1\r\n:0\r\n"...)
		return
	}
	for _, ch := range chans {
		c.s.hub.unsubscribe(c, ch)
	}
}

func publish(c *client, args [][]byte) {
	c.integer(int64(c.s.hub.publish(string(args[1]), message(args[1], args[2]))))
}
