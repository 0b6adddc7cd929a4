package miniredistest

import (
	"fmt"

	"tcpworkbook/kit/check"
)

// counters is TODO(3): INCR and its family, a read-modify-write that
// must be atomic.
func (s suite) counters() []check.Case {
	return []check.Case{
		{Name: "incr", Todo: 3, Run: s.incr},
		{Name: "incr-errors", Todo: 3, Run: s.incrErrors},
		{Name: "incr-concurrent", Todo: 3, Run: s.incrConcurrent},
	}
}

// incr: a missing key counts from 0; the count is stored as a string.
func (s suite) incr(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(integer(1), "INCR", "hits")
	alice.Call(integer(11), "INCRBY", "hits", "10")
	alice.Call(integer(10), "DECR", "hits")
	alice.Call(integer(-5), "INCRBY", "hits", "-15")
	alice.Call(bulk("-5"), "GET", "hits")
	alice.Call(ok, "SET", "n", "41")
	alice.Call(integer(42), "INCR", "n")
}

// incrErrors: a value that is not a 64-bit integer, and an overflow.
func (s suite) incrErrors(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	const notInt = "ERR value is not an integer or out of range"
	alice.Call(ok, "SET", "word", "ten")
	alice.Call(errReply(notInt), "INCR", "word")
	alice.Call(errReply(notInt), "INCRBY", "n", "1.5")
	// Redis reads a number strictly: no space, no plus sign, no leading
	// zero, no "-0", where strconv.ParseInt would take some of these.
	for _, v := range []string{" 1", "+5", "007", "-0"} {
		alice.Call(ok, "SET", "strict", v)
		alice.Call(errReply(notInt), "INCR", "strict")
	}
	alice.Call(ok, "SET", "max", "9223372036854775807")
	alice.Call(errReply("ERR increment or decrement would overflow"), "INCR", "max")
	alice.Call(bulk("9223372036854775807"), "GET", "max")
	alice.Call(ok, "SET", "min", "-9223372036854775808")
	alice.Call(errReply("ERR increment or decrement would overflow"), "DECR", "min")
	alice.Call(errReply("ERR increment or decrement would overflow"), "INCRBY", "min", "-1")
}

// incrProcs is the least GOMAXPROCS incr-concurrent runs the server with.
const incrProcs = 4

// incrConcurrent: a hundred clients INCR one key a hundred times each;
// the count must be exactly 10000. A GET then SET, each under the lock
// but not together, loses counts here, if the server runs with more than
// one P (incrProcs).
func (s suite) incrConcurrent(c *check.T) {
	c.AtLeastProcs(incrProcs)
	check.Launch(c, s.impl.Serve, Config{})
	const clients, each = 100, 100
	rdb := newClient(c, clients)
	ctx := caseContext(c)
	for range clients {
		c.Go(func() error {
			for range each {
				if err := rdb.Incr(ctx, "counter").Err(); err != nil {
					return fmt.Errorf("INCR counter: %w", err)
				}
			}
			return nil
		})
	}
	c.Wait()
	got, err := rdb.Get(ctx, "counter").Int64()
	if err != nil || got != clients*each {
		c.Failf("go-redis: %d clients each sent INCR counter %d times, and GET counter is %d (%v), want %d: "+
			"increments were lost, so two INCRs read the same old value", clients, each, got, err, clients*each)
	}
}
