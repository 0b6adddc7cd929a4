package chattest

import (
	"fmt"

	"tcpworkbook/kit/check"
)

// Part A: the lecture's chat. Every check here skips notice lines, so a
// server without part B passes.

// welcome: every client is greeted with the welcome line as soon as it
// connects, before it sends anything.
func (s suite) welcome(c *check.T) {
	s.launch(c, Config{})
	c.Note(func() string {
		return "The welcome is a client's first line. In the starter, join (TODO(1)) queues it while adding the client to the room."
	})
	alice := c.Dial("alice")
	alice.Expect(Welcome)
	bob := c.Dial("bob")
	bob.Expect(Welcome)
}

// broadcast: a line from one client reaches every other client, prefixed
// with the sender's address as the server sees it.
func (s suite) broadcast(c *check.T) {
	s.launch(c, Config{})
	alice, bob, carol := s.join(c, "alice"), s.join(c, "bob"), s.join(c, "carol")
	c.Note(func() string {
		return fmt.Sprintf("Each client is named by its address as the server sees it (conn.RemoteAddr()): alice is %s, bob %s, carol %s.", alice.addr, bob.addr, carol.addr)
	})
	alice.Send("hello from alice\n")
	bob.expectChat(said(alice.addr, "hello from alice"))
	carol.expectChat(said(alice.addr, "hello from alice"))
	bob.Send("hi, this is bob\n")
	alice.expectChat(said(bob.addr, "hi, this is bob"))
	carol.expectChat(said(bob.addr, "hi, this is bob"))
	carol.Send("carol here\n")
	alice.expectChat(said(carol.addr, "carol here"))
	bob.expectChat(said(carol.addr, "carol here"))
}

// no-echo: the sender does not get its own line back. bob answers only
// after alice's line has reached him, so if alice's line had been sent back
// to her, it would come before bob's answer.
func (s suite) noEcho(c *check.T) {
	s.launch(c, Config{})
	alice, bob := s.join(c, "alice"), s.join(c, "bob")
	alice.Send("is this echoed?\n")
	bob.expectChat(said(alice.addr, "is this echoed?"))
	bob.Send("no, only I see it\n")
	if got := alice.chatLine(); got != said(bob.addr, "no, only I see it") {
		if got == said(alice.addr, "is this echoed?") {
			c.Failf("alice received her own line back. A broadcast goes to every client except the sender (in the lecture: if sender_addr != addr).")
		}
		c.Failf("alice received the wrong line.\n  expected: %q\n  received: %q", said(bob.addr, "no, only I see it"), got)
	}
}

// framing: lines end with "\n" or "\r\n" (the "\r" is dropped), however
// the bytes are split into writes.
func (s suite) framing(c *check.T) {
	s.launch(c, Config{})
	alice, bob := s.join(c, "alice"), s.join(c, "bob")
	alice.Send("from telnet\r\n")
	bob.expectChat(said(alice.addr, "from telnet"))
	if err := alice.WriteChunks([]byte("one line in many pieces\n"), []int{1, 3, 2, 7}); err != nil {
		c.Fatalf("alice could not send: %v", err)
	}
	bob.expectChat(said(alice.addr, "one line in many pieces"))
	alice.Send("first\nsecond\r\nthird\n")
	bob.expectChat(said(alice.addr, "first"))
	bob.expectChat(said(alice.addr, "second"))
	bob.expectChat(said(alice.addr, "third"))
}

// order: three clients send at the same time, in rounds; every other client
// receives every line, and each sender's lines in the order sent. Each round
// is read in full before the next is sent: a client that keeps reading
// loses nothing.
func (s suite) order(c *check.T) {
	s.launch(c, Config{})
	senders := []*member{s.join(c, "alice"), s.join(c, "bob"), s.join(c, "carol")}
	readers := []*member{s.join(c, "dave"), s.join(c, "erin")}
	everyone := append(append([]*member(nil), senders...), readers...)
	seqs := make([]*sequence, len(everyone))
	for i, m := range everyone {
		seqs[i] = newSequence(m, "order", senders)
	}
	const rounds, perRound = 10, 10
	for round := range rounds {
		for _, sender := range senders {
			c.Go(func() error {
				for i := range perRound {
					// One write per line, so the senders' lines interleave.
					if err := sender.Write(fmt.Appendf(nil, "order %d\n", round*perRound+i)); err != nil {
						return fmt.Errorf("%s could not send: %w", sender.Name, err)
					}
				}
				return nil
			})
		}
		c.Wait()
		for i, m := range everyone {
			want := perRound * len(seqs[i].next)
			for got := 0; got < want; {
				if seqs[i].take(m.ReadLine()) {
					got++
				}
			}
		}
	}
}

// leave: clients that close or reset their connection disturb no one; the
// others go on chatting, and newcomers join as usual.
func (s suite) leave(c *check.T) {
	s.launch(c, Config{})
	alice, bob := s.join(c, "alice"), s.join(c, "bob")
	carol, dave := s.join(c, "carol"), s.join(c, "dave")
	carol.Close()
	dave.Reset()
	alice.Send("anyone left?\n")
	bob.expectChat(said(alice.addr, "anyone left?"))
	erin := s.join(c, "erin")
	bob.Send("erin, welcome\n")
	alice.expectChat(said(bob.addr, "erin, welcome"))
	erin.expectChat(said(bob.addr, "erin, welcome"))
}
