package miniredistest

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// limits is TODO(6): what one client may cost the server, as Redis
// bounds it.
func (s suite) limits() []check.Case {
	return []check.Case{
		{Name: "max-bulk", Todo: 6, Run: s.maxBulk},
		{Name: "max-clients", Todo: 6, Run: s.maxClients},
		{Name: "slow-subscriber", Todo: 5, Watchdog: 30 * time.Second, Run: s.slowSubscriber},
		{Name: "huge-claims", Todo: 6, Run: s.hugeClaims},
		// Last of the group: it waits out a real idle timeout, whole
		// seconds, and every check after it pays that again in each
		// mutant's run of the suite.
		{Name: "timeout", Todo: 6, Watchdog: 20 * time.Second, Run: s.timeout},
	}
}

// maxBulk: a bulk string up to -max-bulk is taken; one byte more gets
// Redis's protocol error before any of it is read, and the connection is
// closed. 1 MiB is the least Redis accepts as proto-max-bulk-len.
func (s suite) maxBulk(c *check.T) {
	const limit = 1 << 20
	check.Launch(c, s.impl.Serve, Config{MaxBulk: limit})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	big := strings.Repeat("b", limit)
	alice.Call(bulk(big), "ECHO", big)
	alice.Send(fmt.Sprintf("*2\r\n$4\r\nECHO\r\n$%d\r\n", limit+1))
	alice.Expect(errReply("ERR Protocol error: invalid bulk length"))
	alice.ExpectEOF()
	bob.Send("*2\r\n$3\r\nGET\r\n$1000000000000\r\n") // a terabyte, announced
	bob.Expect(errReply("ERR Protocol error: invalid bulk length"))
	bob.ExpectEOF()
	dial(c, "carol").Call(pong, "PING")
}

// maxClients: with -max-clients 2, a third client is told so and closed;
// once one leaves, a new one is served.
func (s suite) maxClients(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{MaxClients: 2})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	alice.Call(pong, "PING")
	bob.Call(pong, "PING")
	carol := dial(c, "carol")
	carol.Expect(errReply("ERR max number of clients reached"))
	carol.ExpectEOF()
	alice.Close()
	n := 0
	served := c.Eventually(check.ReadTimeout, func() bool {
		n++
		dave := dial(c, fmt.Sprintf("dave%d", n))
		dave.Do("PING")
		line := dave.ReadLine()
		dave.Close()
		return line == pong
	})
	if !served {
		c.Failf("with -max-clients 2, after one of the two clients hung up, a new client is still turned away: the slot is never given back")
	}
}

// timeout: with -timeout 1s, a client that sends nothing is closed; one
// that keeps talking is not, and neither is a subscriber, which waits for
// messages by design (Redis exempts it too).
func (s suite) timeout(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{Timeout: time.Second})
	idle, busy, listener := dial(c, "idle"), dial(c, "busy"), dial(c, "listener")
	idle.Call(pong, "PING")
	listener.Do("SUBSCRIBE", "news")
	listener.Expect(subscribed("subscribe", "news", 1))
	// Redis looks for idle clients a few times a second and counts in
	// whole seconds: it closes this one after one to two. Give it six.
	closed := make(chan error, 1)
	go func() {
		idle.Conn().SetReadDeadline(time.Now().Add(6 * time.Second))
		_, err := idle.Conn().Read(make([]byte, 1))
		closed <- err
	}()
	for {
		select {
		case err := <-closed:
			switch {
			case err == nil:
				c.Failf("the idle client, silent after its PING, received bytes it never asked for")
			case isTimeoutErr(err):
				c.Failf("with -timeout 1s, a client silent for 6 s is still connected: idle clients are never closed")
			}
			c.Event("idle", "closed by the server")
			// busy keeps talking for longer than the timeout again: its
			// clock restarts with each command.
			for end := time.Now().Add(1500 * time.Millisecond); time.Now().Before(end); {
				busy.Call(pong, "PING")
				time.Sleep(100 * time.Millisecond)
			}
			busy.Call(integer(1), "PUBLISH", "news", "still here?")
			listener.Expect(message("news", "still here?"))
			return
		case <-time.After(100 * time.Millisecond):
			busy.Call(pong, "PING")
		}
	}
}

// slowSubscriber: one subscriber stops reading. The others get every
// message, and the publisher's replies keep coming: it never waits for
// the slow one (TODO(5)). Once the slow one is -pubsub-limit behind, it
// is disconnected and no longer counted (TODO(6)).
func (s suite) slowSubscriber(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{PubSubLimit: 1 << 20})
	stalled, reader, pub := dial(c, "stalled"), dial(c, "reader"), dial(c, "publisher")
	stalled.Do("SUBSCRIBE", "feed")
	stalled.Expect(subscribed("subscribe", "feed", 1))
	reader.Do("SUBSCRIBE", "feed")
	reader.Expect(subscribed("subscribe", "feed", 1))
	reader.Patient(30 * time.Second)

	payload := strings.Repeat("m", 64<<10)
	got := make(chan int, 1)
	c.Go(func() error {
		n, err := drain(reader, payload)
		got <- n
		return err
	})
	// Publish until the stalled subscriber is counted out: kernel buffers
	// hold a few MiB of its backlog before the server's own does, so a
	// correct server needs about a hundred messages; Redis too.
	const maxBacklog = 320 // 20 MiB
	sent, counted, waiting := 0, "2", false
	c.Note(diagnoseBlocked(c, &waiting))
	for ; sent < maxBacklog && counted != "1" && counted != "0"; sent++ {
		waiting = true
		pub.Do("PUBLISH", "feed", payload)
		counted = strings.TrimSuffix(strings.TrimPrefix(pub.ReadLine(), ":"), "\r\n")
		waiting = false
	}
	c.Todo(6)
	if counted == "0" {
		c.Failf("after %d messages of 64 KiB, PUBLISH counted no subscriber at all: the one that kept reading was "+
			"disconnected too. Count each subscriber's backlog on its own, and only what it has not been sent yet: "+
			"a count that grows with every message and never shrinks as bytes go out cuts off everyone in time", sent)
	}
	if counted != "1" {
		c.Failf("a subscriber that reads nothing was still counted by PUBLISH after %d messages of 64 KiB (%d MiB) with -pubsub-limit 1MiB: "+
			"it should be disconnected once that far behind", sent, sent/16)
	}
	c.Todo(5)
	pub.Call(integer(1), "PUBLISH", "feed", "end")
	c.Wait()
	if n := <-got; n != sent {
		c.Failf("the subscriber that kept reading got %d of the %d messages published while the other was stalled", n, sent)
	}
}

// drain reads messages of payload from sub until the message "end", and
// returns how many came before it.
func drain(sub conn, payload string) (int, error) {
	want := message("feed", payload)
	end := message("feed", "end")
	buf := make([]byte, len(want))
	for n := 0; ; n++ {
		head := make([]byte, len(end))
		if _, err := sub.ReadFull(head); err != nil {
			return n, fmt.Errorf("reader, after %d messages: %w", n, err)
		}
		if string(head) == end {
			return n, nil
		}
		copy(buf, head)
		if _, err := sub.ReadFull(buf[len(head):]); err != nil {
			return n, fmt.Errorf("reader, in message %d: %w", n+1, err)
		}
		if string(buf) != want {
			return n, fmt.Errorf("reader: message %d is not the one published:\n%s", n+1, check.Diff([]byte(want), buf))
		}
	}
}

// hugeClaims: headers that announce more than anyone will send must cost
// nothing until the data comes: two billion elements, then silence. The
// server must go on serving everyone.
func (s suite) hugeClaims(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Send("*2000000000\r\n$4\r\nPING\r\n")
	bob := dial(c, "bob")
	bob.Send("*2\r\n$4\r\nECHO\r\n$400000000\r\nonly a little")
	dial(c, "carol").Call(pong, "PING")
	alice.ExpectSilence(check.Quiet)
}

func isTimeoutErr(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }
