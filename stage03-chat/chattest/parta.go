package chattest

import (
	"fmt"

	"tcpworkbook/kit/check"
)

// Part A: the lecture's chat. Every check here skips notice lines, so a
// server without part B passes.

// welcome: every client is greeted with the welcome line as soon as it
// connects, before it sends anything.
func (cc *chatCase) welcome() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	cc.Note(func() string { return noteWelcome })
	alice := cc.Dial("alice")
	alice.Expect(Welcome)
	bob := cc.Dial("bob")
	bob.Expect(Welcome)
}

// broadcast: a line from one client reaches every other client, prefixed
// with the sender's address as the server sees it.
func (cc *chatCase) broadcast() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice, bob, carol := cc.join("alice"), cc.join("bob"), cc.join("carol")
	cc.Note(func() string { return fmt.Sprintf(noteAddresses, alice.addr, bob.addr, carol.addr) })
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
func (cc *chatCase) noEcho() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice, bob := cc.join("alice"), cc.join("bob")
	alice.Send("is this echoed?\n")
	bob.expectChat(said(alice.addr, "is this echoed?"))
	bob.Send("no, only I see it\n")
	want := said(bob.addr, "no, only I see it")
	if got := alice.chatLine(); got != want {
		if got == said(alice.addr, "is this echoed?") {
			cc.Failf(msgOwnLine)
		}
		cc.Failf(msgWrongLine, alice.Name, check.Diff([]byte(want), []byte(got)))
	}
}

// framing: lines end with "\n" or "\r\n" (the "\r" is dropped), however
// the bytes are split into writes.
func (cc *chatCase) framing() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice, bob := cc.join("alice"), cc.join("bob")
	alice.Send("from telnet\r\n")
	bob.expectChat(said(alice.addr, "from telnet"))
	if err := alice.WriteChunks([]byte("one line in many pieces\n"), []int{1, 3, 2, 7}); err != nil {
		cc.Fatalf(msgCouldNotSend, alice.Name, err)
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
func (cc *chatCase) order() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	senders := []*member{cc.join("alice"), cc.join("bob"), cc.join("carol")}
	readers := []*member{cc.join("dave"), cc.join("erin")}
	everyone := append(append([]*member(nil), senders...), readers...)
	seqs := make([]*sequence, len(everyone))
	for i, m := range everyone {
		seqs[i] = newSequence(m, "order", senders)
	}
	const rounds, perRound = 10, 10
	for round := range rounds {
		for _, sender := range senders {
			// One write per line, so the senders' lines interleave.
			cc.Go(sendNumbered(sender, "order", round*perRound, perRound))
		}
		cc.Wait()
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

// sendNumbered returns a writer for check.T.Go that sends n numbered lines,
// "<word> <first>" and on, one write each.
func sendNumbered(m *member, word string, first, n int) func() error {
	return func() error {
		for i := range n {
			if err := m.Write(fmt.Appendf(nil, "%s %d\n", word, first+i)); err != nil {
				return fmt.Errorf(errCouldNotSend, m.Name, err)
			}
		}
		return nil
	}
}

// leave: clients that close or reset their connection disturb no one; the
// others go on chatting, and newcomers join as usual.
func (cc *chatCase) leave() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice, bob := cc.join("alice"), cc.join("bob")
	carol, dave := cc.join("carol"), cc.join("dave")
	carol.Close()
	dave.Reset()
	alice.Send("anyone left?\n")
	bob.expectChat(said(alice.addr, "anyone left?"))
	erin := cc.join("erin")
	bob.Send("erin, welcome\n")
	alice.expectChat(said(bob.addr, "erin, welcome"))
	erin.expectChat(said(bob.addr, "erin, welcome"))
}
