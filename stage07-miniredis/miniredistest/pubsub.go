package miniredistest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// pubsub is TODO(5): channels, and the mode a subscribed client is in.
func (s suite) pubsub() []check.Case {
	return []check.Case{
		{Name: "subscribe", Todo: 5, Run: s.subscribe},
		{Name: "subscribed-mode", Todo: 5, Run: s.subscribedMode},
		{Name: "unsubscribe", Todo: 5, Run: s.unsubscribe},
		{Name: "subscriber-leaves", Todo: 5, Run: s.subscriberLeaves},
		{Name: "replies-whole", Todo: 5, Watchdog: 30 * time.Second, Run: s.repliesWhole},
		{Name: "fan-out", Todo: 5, Run: s.fanOut},
	}
}

// subscribe: SUBSCRIBE confirms each channel with the client's count;
// PUBLISH answers how many clients got the message, and each gets it.
func (s suite) subscribe(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice, bob, carol := dial(c, "alice"), dial(c, "bob"), dial(c, "carol")
	alice.Do("SUBSCRIBE", "news", "sport")
	alice.Expect(subscribed("subscribe", "news", 1) + subscribed("subscribe", "sport", 2))
	bob.Do("SUBSCRIBE", "news")
	bob.Expect(subscribed("subscribe", "news", 1))
	carol.Call(integer(2), "PUBLISH", "news", "rain\r\nlater")
	alice.Expect(message("news", "rain\r\nlater"))
	bob.Expect(message("news", "rain\r\nlater"))
	carol.Call(integer(1), "PUBLISH", "sport", "3-1")
	alice.Expect(message("sport", "3-1"))
	carol.Call(integer(0), "PUBLISH", "weather", "nobody listens")
	bob.ExpectSilence(check.Quiet)
}

// subscribedMode: a subscribed client may only (un)subscribe, PING and
// QUIT; PING answers in the shape of a message there.
func (s suite) subscribedMode(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Do("SUBSCRIBE", "news")
	alice.Expect(subscribed("subscribe", "news", 1))
	alice.Call(errReply("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"), "GET", "k")
	alice.Call(array(bulk("pong"), bulk("")), "PING")
	alice.Call(array(bulk("pong"), bulk("hi")), "PING", "hi")
	alice.Call(ok, "QUIT")
	alice.ExpectEOF()
}

// unsubscribe: UNSUBSCRIBE with channels leaves those; without, all of
// them, one confirmation each, with the count of what is left. A channel
// subscribed to twice counts once, and one never subscribed to is
// confirmed too. At 0 the client is back in normal mode.
func (s suite) unsubscribe(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	alice.Do("SUBSCRIBE", "a", "b", "c")
	alice.Expect(subscribed("subscribe", "a", 1) + subscribed("subscribe", "b", 2) + subscribed("subscribe", "c", 3))
	alice.Call(subscribed("subscribe", "a", 3), "SUBSCRIBE", "a")       // already in: still three
	alice.Call(subscribed("unsubscribe", "zz", 3), "UNSUBSCRIBE", "zz") // never in: confirmed all the same
	alice.Call(subscribed("unsubscribe", "b", 2), "UNSUBSCRIBE", "b")
	bob.Call(integer(0), "PUBLISH", "b", "gone")
	alice.Do("UNSUBSCRIBE")
	// Redis leaves the rest in the order of its own table: read two
	// confirmations and accept either order.
	first := readLines(alice, 12)
	wantA := subscribed("unsubscribe", "a", 1) + subscribed("unsubscribe", "c", 0)
	wantC := subscribed("unsubscribe", "c", 1) + subscribed("unsubscribe", "a", 0)
	if first != wantA && first != wantC {
		c.Failf("UNSUBSCRIBE with no channel, after SUBSCRIBE a b c and UNSUBSCRIBE b, answered:\n  %s\n"+
			"want the confirmations for a and c, in either order, counting down to 0:\n  %s\nor\n  %s",
			check.Quote(first), check.Quote(wantA), check.Quote(wantC))
	}
	bob.Call(integer(0), "PUBLISH", "a", "gone")
	alice.Call(pong, "PING")
	alice.Call(nilBulk, "GET", "k")
	// With nothing to leave, UNSUBSCRIBE still answers once, with a nil
	// channel: a client waits for that reply.
	alice.Call(array(bulk("unsubscribe"), nilBulk, integer(0)), "UNSUBSCRIBE")
}

// subscriberLeaves: a subscriber that hangs up is no longer counted, and
// publishing to it hurts nobody.
func (s suite) subscriberLeaves(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice, bob, carol := dial(c, "alice"), dial(c, "bob"), dial(c, "carol")
	alice.Do("SUBSCRIBE", "news")
	alice.Expect(subscribed("subscribe", "news", 1))
	bob.Do("SUBSCRIBE", "news")
	bob.Expect(subscribed("subscribe", "news", 1))
	alice.Close()
	var last string
	left := c.Eventually(check.ReadTimeout, func() bool {
		carol.Do("PUBLISH", "news", "still there?")
		last = carol.ReadLine()
		return last == ":1\r\n"
	})
	if !left {
		c.Failf("after alice, one of two subscribers, hung up, PUBLISH still answers %q, want 1: the server still counts her", strings.TrimSpace(last))
	}
	bob.Expect(message("news", "still there?"))
}

// fanOut: twenty go-redis subscribers, three publishers each sending a
// hundred messages at once: every subscriber gets all three hundred, and
// each publisher's in the order it sent them.
func (s suite) fanOut(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	const subscribers, publishers, each = 20, 3, 100
	rdb := newClient(c, publishers)
	ctx := caseContext(c)
	subs := make([]receiver, subscribers)
	for i := range subs {
		sub := rdb.Subscribe(ctx, "fan")
		c.Cleanup(func() { sub.Close() })
		if _, err := sub.Receive(ctx); err != nil {
			c.Failf("go-redis: subscriber %d could not SUBSCRIBE fan: %v", i, err)
		}
		subs[i] = pubsubMessages{sub}
	}
	for p := range publishers {
		c.Go(func() error {
			for n := range each {
				got, err := rdb.Publish(ctx, "fan", fmt.Sprintf("%d:%d", p, n)).Result()
				if err != nil || got != subscribers {
					return fmt.Errorf("go-redis: PUBLISH fan by publisher %d answered %d (%v), want %d subscribers", p, got, err, subscribers)
				}
			}
			return nil
		})
	}
	for i, sub := range subs {
		c.Go(func() error { return expectInOrder(ctx, sub, i, publishers, each) })
	}
	c.Wait()
}

// expectInOrder reads publishers×each messages and checks that each
// publisher's arrive in the order it sent them.
func expectInOrder(ctx context.Context, sub receiver, who, publishers, each int) error {
	next := make([]int, publishers)
	for range publishers * each {
		_, payload, err := sub.ReceiveMessage(ctx)
		if err != nil {
			return fmt.Errorf("go-redis: subscriber %d, after %v messages of each publisher: %w", who, next, err)
		}
		p, n, _ := strings.Cut(payload, ":")
		pi, err1 := strconv.Atoi(p)
		ni, err2 := strconv.Atoi(n)
		if err1 != nil || err2 != nil || pi < 0 || pi >= publishers {
			return fmt.Errorf("go-redis: subscriber %d got %q, which no publisher sent", who, payload)
		}
		if ni != next[pi] {
			return fmt.Errorf("go-redis: subscriber %d got message %d of publisher %d when it expected message %d: "+
				"messages from one publisher must arrive in the order they were published", who, ni, pi, next[pi])
		}
		next[pi]++
	}
	return nil
}

// repliesWhole: a subscriber's own replies and the messages published to
// it share one connection, and neither may cut into the other: alice asks
// for ten PINGs of 100 kB while bob publishes to her without pause until
// her pongs are in (or he has sent five thousand). Everything she reads
// must be whole: the ten pongs, and bob's messages in the order he sent
// them, up to his "end".
func (s suite) repliesWhole(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	alice.Do("SUBSCRIBE", "news")
	alice.Expect(subscribed("subscribe", "news", 1))
	done := make(chan struct{})
	c.Go(func() error { return publishUntil(bob, done) })
	const pings = 10
	big := strings.Repeat("p", 100_000)
	alice.Send(strings.Repeat(command("PING", big), pings))
	wantPong, end := array(bulk("pong"), bulk(big)), message("news", "end")
	next, pongs, ended := 0, 0, false
	for pongs < pings || !ended {
		v := readValue(c, alice)
		switch {
		case v == wantPong && pongs < pings:
			if pongs++; pongs == pings {
				close(done)
			}
		case v == message("news", strconv.Itoa(next)):
			next++
		case v == end && !ended:
			ended = true
		default:
			c.Failf("%s", unexpectedValue(v, next, pongs, pings))
		}
	}
	c.Wait()
}

// unexpectedValue says what is wrong with v, read by repliesWhole's
// subscriber where message next, or a pong, should have come.
func unexpectedValue(v string, next, pongs, pings int) string {
	want := message("news", strconv.Itoa(next))
	what := fmt.Sprintf("alice, subscribed to news, asked for %d PINGs of 100 kB while bob published to news. "+
		"After %d messages and %d pongs she read:\n  %s\nwant the next message, %s, or a pong",
		pings, next, pongs, check.Quote(cutText(v, 120)), check.Quote(want))
	if n, ok := strings.CutPrefix(v, "*3\r\n"+bulk("message")+bulk("news")); ok {
		return fmt.Sprintf("%s: a whole message, but not the next one (%s). "+
			"Messages from one publisher arrive in the order he sent them, and none is lost", what, check.Quote(cutText(n, 40)))
	}
	return what + ": a reply and a message must each go out whole, never one inside the other"
}

// publishUntil has pub publish 0, 1, 2… to news, a hundred at a time,
// until done is closed or it has sent maxFlood, then "end". The bound
// keeps what the subscriber must read small on a slow machine, where the
// pongs take long.
func publishUntil(pub conn, done <-chan struct{}) error {
	const maxFlood = 5000
	for i := 0; i < maxFlood; {
		select {
		case <-done:
			return pub.Write([]byte(command("PUBLISH", "news", "end")))
		default:
		}
		var batch strings.Builder
		for range 100 {
			batch.WriteString(command("PUBLISH", "news", strconv.Itoa(i)))
			i++
		}
		if err := pub.Write([]byte(batch.String())); err != nil {
			return err
		}
	}
	return pub.Write([]byte(command("PUBLISH", "news", "end")))
}

// readValue reads one whole RESP value from cl and returns its bytes.
func readValue(c *check.T, cl conn) string {
	c.Helper()
	line := cl.ReadLine()
	n, err := strconv.Atoi(strings.TrimSuffix(line[1:], "\r\n"))
	switch {
	case line[0] == '*' && err == nil:
		var b strings.Builder
		b.WriteString(line)
		for range max(n, 0) {
			b.WriteString(readValue(c, cl))
		}
		return b.String()
	case line[0] == '$' && err == nil && n >= 0:
		body := make([]byte, n+2)
		if _, err := cl.ReadFull(body); err != nil {
			c.Failf("%s: a bulk string announced %d bytes, and reading them failed: %v", cl.Name, n, err)
		}
		return line + string(body)
	}
	return line
}

// cutText keeps the first n bytes of s.
func cutText(s string, n int) string { return s[:min(len(s), n)] }
