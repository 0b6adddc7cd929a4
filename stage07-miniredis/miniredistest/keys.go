package miniredistest

import (
	"fmt"
	"strings"

	"tcpworkbook/kit/check"
)

// keys is TODO(2): one keyspace shared by every client.
func (s suite) keys() []check.Case {
	return []check.Case{
		{Name: "set-get", Todo: 2, Run: s.setGet},
		{Name: "del-exists", Todo: 2, Run: s.delExists},
		{Name: "set-nx-xx", Todo: 2, Run: s.setNXXX},
		{Name: "set-syntax", Todo: 2, Run: s.setSyntax},
		{Name: "shared", Todo: 2, Run: s.shared},
		{Name: "client-pipeline", Todo: 2, Run: s.clientPipeline},
		{Name: "many-clients", Todo: 2, Run: s.manyClients},
		{Name: "stalled-client", Todo: 2, Run: s.stalledClient},
	}
}

// setGet: SET stores, GET reads back, byte for byte; a missing key is nil.
func (s suite) setGet(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(nilBulk, "GET", "greeting")
	alice.Call(ok, "SET", "greeting", "hello")
	alice.Call(bulk("hello"), "GET", "greeting")
	alice.Call(ok, "SET", "greeting", "bye\r\n\x00")
	alice.Call(bulk("bye\r\n\x00"), "GET", "greeting")
	alice.Call(ok, "SET", "", "empty key")
	alice.Call(bulk("empty key"), "GET", "")
	alice.Call(ok, "SET", "blank", "") // an empty value is a value, not a missing key
	alice.Call(bulk(""), "GET", "blank")
}

// delExists: DEL and EXISTS take many keys and count; EXISTS counts a
// key named twice twice, as Redis does.
func (s suite) delExists(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(ok, "SET", "a", "1")
	alice.Call(ok, "SET", "b", "2")
	alice.Call(integer(3), "EXISTS", "a", "b", "a", "nope")
	alice.Call(integer(2), "DEL", "a", "b", "nope")
	alice.Call(integer(0), "EXISTS", "a", "b")
	alice.Call(nilBulk, "GET", "a")
	alice.Call(integer(0), "DEL", "a")
}

// setNXXX: NX sets only a missing key, XX only an existing one; a SET
// that did nothing answers nil.
func (s suite) setNXXX(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(nilBulk, "SET", "k", "v1", "XX")
	alice.Call(ok, "SET", "k", "v1", "NX")
	alice.Call(nilBulk, "SET", "k", "v2", "nx")
	alice.Call(bulk("v1"), "GET", "k")
	alice.Call(ok, "SET", "k", "v3", "XX")
	alice.Call(bulk("v3"), "GET", "k")
}

// setSyntax: options SET does not know, or that contradict each other.
func (s suite) setSyntax(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(errReply("ERR syntax error"), "SET", "k", "v", "FOREVER")
	alice.Call(errReply("ERR syntax error"), "SET", "k", "v", "NX", "XX")
	alice.Call(errReply("ERR syntax error"), "SET", "k", "v", "EX")
	alice.Call(integer(0), "EXISTS", "k")
}

// shared: what one client sets, another reads.
func (s suite) shared(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	alice.Call(ok, "SET", "note", "from alice")
	bob.Call(bulk("from alice"), "GET", "note")
	bob.Call(integer(1), "DEL", "note")
	alice.Call(nilBulk, "GET", "note")
}

// clientPipeline: go-redis sends a pipeline of 200 commands as one
// write and matches the replies to them in order.
func (s suite) clientPipeline(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	rdb := newClient(c, 1)
	ctx := caseContext(c)
	pipe := rdb.Pipeline()
	for i := range 100 {
		pipe.Set(ctx, fmt.Sprintf("key:%d", i), fmt.Sprintf("value %d", i), 0)
	}
	gets := make([]interface{ Val() string }, 100)
	for i := range 100 {
		gets[i] = pipe.Get(ctx, fmt.Sprintf("key:%d", i))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		c.Failf("go-redis: a pipeline of 100 SETs and 100 GETs failed: %v", err)
	}
	for i, g := range gets {
		if want := fmt.Sprintf("value %d", i); g.Val() != want {
			c.Failf("go-redis: in a pipeline of 100 SETs then 100 GETs, GET key:%d returned %q, want %q: replies out of order or lost", i, g.Val(), want)
		}
	}
}

// manyClients: fifty clients at once, each setting and reading its own
// keys and reading the others': under -race, a keyspace without its lock
// is reported here.
func (s suite) manyClients(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	const clients, rounds = 50, 20
	rdb := newClient(c, clients)
	ctx := caseContext(c)
	for i := range clients {
		c.Go(func() error {
			for r := range rounds {
				key := fmt.Sprintf("client:%d", i)
				if err := rdb.Set(ctx, key, r, 0).Err(); err != nil {
					return fmt.Errorf("client %d: SET %s: %w", i, key, err)
				}
				if err := rdb.Get(ctx, fmt.Sprintf("client:%d", (i+r)%clients)).Err(); err != nil && !isNil(err) {
					return fmt.Errorf("client %d: GET: %w", i, err)
				}
				if err := rdb.Del(ctx, fmt.Sprintf("gone:%d", i)).Err(); err != nil {
					return fmt.Errorf("client %d: DEL: %w", i, err)
				}
			}
			return nil
		})
	}
	c.Wait()
	for i := range clients {
		got, err := rdb.Get(ctx, fmt.Sprintf("client:%d", i)).Result()
		if want := fmt.Sprint(rounds - 1); err != nil || got != want {
			c.Failf("go-redis: after %d clients each SET its key %d times, GET client:%d = %q (%v), want %q", clients, rounds, i, got, err, want)
		}
	}
}

// stalledClient: alice asks for a megabyte fifty times and reads none of
// it; her replies fill the sockets and the server's writes to her stop.
// Bob must still be answered: nothing that every client needs (the
// keyspace's lock above all) may be held while a reply is written.
func (s suite) stalledClient(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	big := strings.Repeat("b", 1<<20)
	bob.Call(ok, "SET", "big", big)
	alice.Send(strings.Repeat(command("GET", "big"), 50))
	c.Event("alice", "reads nothing from now on")
	bob.Call(pong, "PING")
	bob.Call(ok, "SET", "k", "v")
	bob.Call(bulk("v"), "GET", "k")
}
