package miniredistest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// expiry is TODO(4): keys that live for a while.
func (s suite) expiry() []check.Case {
	return []check.Case{
		{Name: "ttl", Todo: 4, Run: s.ttl},
		{Name: "expires", Todo: 4, Run: s.expires},
		{Name: "set-clears-ttl", Todo: 4, Run: s.setClearsTTL},
		{Name: "expired-concurrent", Todo: 4, Run: s.expiredConcurrent},
		{Name: "expire-errors", Todo: 4, Run: s.expireErrors},
		{Name: "reclaimed", Todo: 4, Run: s.reclaimed},
	}
}

// ttl: TTL and PTTL say how long a key has left, -1 for a key that never
// expires, -2 for no key at all.
func (s suite) ttl(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(integer(-2), "TTL", "k")
	alice.Call(integer(0), "EXPIRE", "k", "100")
	alice.Call(ok, "SET", "k", "v")
	alice.Call(integer(-1), "TTL", "k")
	alice.Call(integer(-1), "PTTL", "k")
	expectRounded(c, alice)
	alice.Call(integer(1), "PEXPIRE", "k", "50000")
	expectAbout(c, alice, "PTTL", 50_000, 2_000)
	alice.Call(ok, "SET", "s", "v", "EX", "30")
	expectAbout(c, alice, "TTL", 30, 1, "s")
	alice.Call(ok, "SET", "p", "v", "PX", "30000")
	expectAbout(c, alice, "PTTL", 30_000, 2_000, "p")
	// A time already past expires the key at once: EXPIRE says so and
	// the key is gone.
	alice.Call(integer(1), "EXPIRE", "p", "0")
	alice.Call(integer(1), "PEXPIRE", "s", "-5")
	alice.Call(integer(0), "EXISTS", "p", "s")
}

// expectRounded gives k 100 seconds and asks its TTL at once. Redis
// rounds the time left to the nearest second, so it answers 100 for the
// next half second; a server that rounds down answers 99 after a
// millisecond. Only an answer that came back within 400 ms is held to
// 100: a busy machine may take longer, and then 99 is right too.
func expectRounded(c *check.T, cl conn) {
	c.Helper()
	start := time.Now()
	cl.Call(integer(1), "EXPIRE", "k", "100")
	cl.Do("TTL", "k")
	line := cl.ReadLine()
	if took := time.Since(start); took < 400*time.Millisecond && line == ":99\r\n" {
		c.Failf("TTL k answered 99 right after EXPIRE k 100 (both answered within %v): Redis rounds the time left to "+
			"the nearest second, so for the first half second it is still 100. Rounding down (milliseconds / 1000) "+
			"is off by one for every key: add half a second before dividing.", took.Round(time.Millisecond)+time.Millisecond)
	}
	if line != ":100\r\n" && line != ":99\r\n" {
		c.Failf("TTL k answered %s; want 100 (or 99, a while later), as EXPIRE k 100 was just answered", check.Quote(line))
	}
}

// expectAbout sends cmd (TTL or PTTL) for key (k by default) and expects
// an integer from want-slack to want: time passes, but never backwards.
func expectAbout(c *check.T, cl conn, cmd string, want, slack int64, key ...string) {
	c.Helper()
	k := "k"
	if len(key) > 0 {
		k = key[0]
	}
	cl.Do(cmd, k)
	line := cl.ReadLine()
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSuffix(line, "\r\n"), ":"), 10, 64)
	if !strings.HasPrefix(line, ":") || err != nil || n > want || n < want-slack {
		c.Failf("%s %s answered %q; want an integer from %d to %d, as %s %s was just set to %d",
			cmd, k, line, want-slack, want, cmd, k, want)
	}
}

// expires: a key past its time is gone at once, for every command: not
// only for GET, and not only once a sweep has found it.
func (s suite) expires(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	// One write, so that the keys expire together; "probe" last, so that
	// once it has expired, so have the others.
	alice.Send(command("SET", "e", "v", "PX", "50") + command("SET", "t", "v", "PX", "50") +
		command("SET", "n", "1") + command("PEXPIRE", "n", "50") + command("SET", "probe", "v", "PX", "50"))
	alice.Expect(ok + ok + ok + integer(1) + ok)
	gone := c.Eventually(5*time.Second, func() bool {
		alice.Do("GET", "probe")
		if alice.ReadLine() == nilBulk {
			return true
		}
		alice.ReadLine() // the value
		return false
	})
	if !gone {
		c.Failf("a key set to expire in 50 ms still exists after 5 s: GET probe still returns its value")
	}
	alice.Call(integer(0), "EXISTS", "e")
	alice.Call(integer(-2), "TTL", "t")
	alice.Call(integer(-2), "PTTL", "t")
	alice.Call(integer(1), "INCR", "n") // a new key, counting from 0
	alice.Call(integer(-1), "TTL", "n")
}

// setClearsTTL: a plain SET makes a key live for ever again.
// reclaimWithin is how long the server's own sweep may take to remove
// expired keys nobody reads. Redis looks ten times a second; 5 s leaves a
// busy machine fifty of those.
const reclaimWithin = 5 * time.Second

func (s suite) setClearsTTL(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(ok, "SET", "k", "v", "EX", "100")
	alice.Call(ok, "SET", "k", "w")
	alice.Call(integer(-1), "TTL", "k")
	alice.Call(integer(1), "EXPIRE", "k", "100")
	alice.Call(integer(2), "INCRBY", "n", "2")
	alice.Call(integer(1), "EXPIRE", "n", "100")
	alice.Call(integer(3), "INCR", "n") // INCR keeps the time to live
	expectAbout(c, alice, "TTL", 100, 1, "n")
	// The old deadline is gone for good: once the server's own sweep has
	// removed a key nobody reads (set with the same short life), the
	// rewritten keys are still there.
	alice.Call(integer(2), "DEL", "k", "n")
	alice.Send(command("SET", "kept", "v", "PX", "50") + command("SET", "kept", "w") +
		command("SET", "moved", "v", "PX", "50") + command("PEXPIRE", "moved", "100000") +
		command("SET", "ghost", "v", "PX", "50"))
	alice.Expect(ok + ok + ok + integer(1) + ok)
	if !c.Eventually(reclaimWithin, func() bool { alice.Do("DBSIZE"); return alice.ReadLine() != ":3\r\n" }) {
		c.Failf("a key set to expire in 50 ms, never read, still counts in DBSIZE after %v: keys are reclaimed only when read", reclaimWithin)
	}
	alice.Call(bulk("w"), "GET", "kept")
	alice.Call(bulk("v"), "GET", "moved")
}

// expiredConcurrent: ten clients read the same keys just as they
// expire. Removing an expired key on a read is a write to the keyspace,
// so even GET, EXISTS and TTL need the lock that writers take; under
// -race, a read lock there is reported (or the map breaks).
func (s suite) expiredConcurrent(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	const clients, keys = 10, 100
	rdb := newClient(c, clients)
	ctx := caseContext(c)
	for i := range keys {
		if err := rdb.Set(ctx, fmt.Sprintf("short:%d", i), "v", 30*time.Millisecond).Err(); err != nil {
			c.Failf("go-redis: SET short:%d PX 30: %v", i, err)
		}
	}
	for i := range clients {
		c.Go(func() error {
			for round := range 3 {
				for k := range keys {
					key := fmt.Sprintf("short:%d", (k+i*7+round)%keys)
					if err := rdb.Get(ctx, key).Err(); err != nil && !isNil(err) {
						return fmt.Errorf("client %d: GET %s: %w", i, key, err)
					}
					if err := rdb.Exists(ctx, key).Err(); err != nil {
						return fmt.Errorf("client %d: EXISTS %s: %w", i, key, err)
					}
				}
			}
			return nil
		})
	}
	c.Wait()
	var n int64
	if !c.Eventually(5*time.Second, func() bool { n, _ = rdb.DBSize(ctx).Result(); return n == 0 }) {
		c.Failf("go-redis: %d keys set to expire in 30 ms, read by ten clients, and DBSIZE is still %d after 5 s, want 0", keys, n)
	}
}

// expireErrors: times that are not numbers, or not positive.
func (s suite) expireErrors(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(errReply("ERR invalid expire time in 'set' command"), "SET", "k", "v", "EX", "0")
	alice.Call(errReply("ERR invalid expire time in 'set' command"), "SET", "k", "v", "PX", "-5")
	alice.Call(errReply("ERR value is not an integer or out of range"), "SET", "k", "v", "EX", "soon")
	alice.Call(errReply("ERR syntax error"), "SET", "k", "v", "EX", "10", "PX", "10")
	alice.Call(errReply("ERR value is not an integer or out of range"), "EXPIRE", "k", "later")
	// A time is read as strictly as INCR reads a number: no plus sign,
	// no leading zero, no space (strconv.ParseInt takes the first two).
	for _, v := range []string{"+5", "007", " 5"} {
		alice.Call(errReply("ERR value is not an integer or out of range"), "EXPIRE", "k", v)
		alice.Call(errReply("ERR value is not an integer or out of range"), "SET", "k", "v", "PX", v)
	}
	alice.Call(integer(0), "EXISTS", "k")
}

// reclaimed: keys that expire and are never read again still leave
// memory; DBSIZE counts them until the server removes them itself.
func (s suite) reclaimed(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	const n = 500
	var cmds, want strings.Builder
	for i := range n {
		cmds.WriteString(command("SET", fmt.Sprintf("temp:%d", i), "x", "PX", "20"))
		want.WriteString(ok)
	}
	alice.Send(cmds.String())
	alice.Expect(want.String())
	alice.Call(ok, "SET", "kept", "v")
	var last string
	gone := c.Eventually(reclaimWithin, func() bool {
		alice.Do("DBSIZE")
		last = alice.ReadLine()
		return last == ":1\r\n"
	})
	if !gone {
		c.Failf("%d keys set to expire in 20 ms, never read again, are still stored after %v (DBSIZE answers %q, want 1): "+
			"a key that expires only when it is read leaks its memory when nobody reads it", n, reclaimWithin, strings.TrimSpace(last))
	}
}
