package miniredistest

import (
	"errors"
	"net"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// shutdown is TODO(7): a server told to stop (its context cancelled, or
// SIGINT to the command) stops accepting, answers what it has read,
// closes every connection and returns nil.
func (s suite) shutdown() []check.Case {
	return []check.Case{
		{Name: "shutdown", Todo: 7, Run: s.gracefulShutdown},
		{Name: "shutdown-subscribers", Todo: 7, Watchdog: 30 * time.Second, Run: s.shutdownSubscribers},
		{Name: "serve-waits", Todo: 7, InProcess: true, Run: s.serveWaits},
	}
}

// gracefulShutdown: alice has a thousand PINGs in flight when the server
// is told to stop: she gets whole replies, in order, then EOF; bob, idle,
// gets EOF; nobody new gets in; Serve returns nil (the command exits 0).
func (s suite) gracefulShutdown(c *check.T) {
	srv := check.Launch(c, s.impl.Serve, Config{})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	alice.Call(ok, "SET", "k", "v")
	bob.Call(pong, "PING")
	alice.Send(strings.Repeat(command("PING"), 1000))
	srv.Cancel()
	c.Event("server", "told to shut down")
	got := readToEnd(c, alice)
	if whole := strings.Repeat(pong, len(got)/len(pong)); got != whole {
		c.Failf("alice sent 1000 PINGs, then the server was told to stop. What she received before the connection closed is not a run of whole replies:\n%s\n"+
			"A reply cut short is worse than none: the client cannot tell what happened.", check.Diff([]byte(whole+pong), []byte(got)))
	}
	bob.ExpectEOF()
	if err := srv.Wait(check.StopTimeout); errors.Is(err, check.ErrStillRunning) {
		c.Failf("the server was told to stop, its clients are gone, and Serve has not returned after %v", check.StopTimeout)
	} else if err != nil {
		c.Failf("the server was told to stop and returned an error: %v. A shutdown that was asked for is no failure: return nil", err)
	}
	if conn, err := net.DialTimeout("tcp", c.Addr, time.Second); err == nil {
		conn.Close()
		c.Failf("the server has stopped, but a new client could still connect to %s: close the listener", c.Addr)
	}
}

// shutdownSubscribers: subscribers are closed too: carol, waiting for
// weather that will not come, and alice, who stopped reading with
// megabytes of news still owed to her. A shutdown waits for no client
// for ever: Serve returns within a few seconds however full a socket is.
func (s suite) shutdownSubscribers(c *check.T) {
	srv := check.Launch(c, s.impl.Serve, Config{})
	alice, bob, carol := dial(c, "alice"), dial(c, "bob"), dial(c, "carol")
	alice.Do("SUBSCRIBE", "news")
	alice.Expect(subscribed("subscribe", "news", 1))
	carol.Do("SUBSCRIBE", "weather")
	carol.Expect(subscribed("subscribe", "weather", 1))
	// 6 MiB for alice, who reads none of it: more than the kernel's
	// buffers hold, less than the server's limit for a subscriber.
	payload := strings.Repeat("m", 64<<10)
	var burst strings.Builder
	for range 96 {
		burst.WriteString(command("PUBLISH", "news", payload))
	}
	bob.Send(burst.String())
	bob.Expect(strings.Repeat(integer(1), 96))
	srv.Cancel()
	c.Event("server", "told to shut down")
	carol.ExpectEOF()
	const most = 3 * check.StopTimeout
	if err := srv.Wait(most); errors.Is(err, check.ErrStillRunning) {
		c.Failf("the server was told to stop while alice, a subscriber, had stopped reading with 6 MiB owed to her, and Serve has not returned after %v: "+
			"a write to a client that does not read must not hold up the shutdown (give it a deadline)", most)
	} else if err != nil {
		c.Failf("the server was told to stop with subscribers connected, and Serve returned %v, want nil", err)
	}
}

// serveWaits: when Serve returns, none of the goroutines it started is
// left: a program exits when Serve returns, and would cut off any that
// was still sending a reply or a message.
func (s suite) serveWaits(c *check.T) {
	mark := c.Goroutines()
	srv := check.Launch(c, s.impl.Serve, Config{Timeout: time.Minute})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	alice.Call(pong, "PING")
	bob.Do("SUBSCRIBE", "news")
	bob.Expect(subscribed("subscribe", "news", 1))
	srv.Cancel()
	c.Event("server", "told to shut down")
	if err := srv.Wait(3 * check.StopTimeout); err != nil {
		c.Failf("the server was told to stop and Serve returned %v, want nil within %v", err, 3*check.StopTimeout)
	}
	c.ExpectNoNewGoroutines(mark, "Serve has returned, and goroutines it started are still running: wait for every one before returning")
}

// readToEnd reads what cl receives until the server closes the
// connection, and fails the case if it does not within the read timeout.
func readToEnd(c *check.T, cl conn) string {
	c.Helper()
	var b strings.Builder
	buf := make([]byte, len(pong))
	for {
		n, err := cl.ReadFull(buf)
		b.Write(buf[:n])
		if err == nil {
			continue
		}
		if isTimeoutErr(err) {
			c.Failf("%s: the server was told to stop, and after %v the connection is still open: "+
				"close every connection once its replies are sent", cl.Name, check.ReadTimeout)
		}
		return b.String()
	}
}
