package chattest

import (
	"fmt"
	"strings"
	"tcpworkbook/kit/check"
)

// Hostile and numerous clients. (Slow ones are in stall.go.)

// control-chars: ASCII control characters (except tab) are removed before
// a line is relayed, so nobody can send escape sequences to everyone's
// terminal. Other bytes, UTF-8 and spaces at either end included, pass
// unchanged.
func (cc *chatCase) controlChars() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	ms := cc.room("alice", "bob")
	alice, bob := ms[0], ms[1]
	alice.Send("\x1b[2J\x1b[31mred\x1b[0m alert\x07\x00!\ttab\x7f\r\n")
	bob.Expect(said("alice", "[2J[31mred[0m alert!\ttab"))
	alice.Send("carriage\rreturn\x08\x08 and back\n")
	bob.Expect(said("alice", "carriagereturn and back"))
	alice.Send("/msg bob \x1b]0;owned\x07hi\n")
	bob.Expect("[alice (private)]: ]0;ownedhi\n")
	alice.Send("héllo, wörld ✓\n")
	bob.Expect(said("alice", "héllo, wörld ✓"))
	alice.Send("  spaces  and\ttabs stay, at both ends\t \n")
	bob.Expect(said("alice", "  spaces  and\ttabs stay, at both ends\t "))
}

// invalid-utf8: bytes that are not UTF-8 (a Latin-1 "é", a lone
// continuation byte, a character cut short) are relayed exactly as sent,
// in public and in private; only the control characters among them go.
func (cc *chatCase) invalidUTF8() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	ms := cc.room("alice", "bob")
	alice, bob := ms[0], ms[1]
	cc.Note(func() string { return noteInvalidUTF8 })
	for _, tc := range []struct{ sent, want string }{
		{"caf\xe9 \xff\xfe, a lone \x80 and a cut \xe2\x9c\n", said("alice", "caf\xe9 \xff\xfe, a lone \x80 and a cut \xe2\x9c")},
		{"\xc0\x1b[1m\xfe\x00\xbf\n", said("alice", "\xc0[1m\xfe\xbf")},
		{"/msg bob \xff\x07 in private \xa0\n", "[alice (private)]: \xff in private \xa0\n"},
	} {
		alice.Send(tc.sent)
		bob.expectBytes(tc.want)
	}
}

// expectBytes is Expect for a line that need not be UTF-8: a line with
// U+FFFD where it should have other bytes is explained.
func (m *member) expectBytes(want string) {
	m.c.Helper()
	m.waiting = want
	got := m.next()
	if got != want {
		if strings.Contains(got, "\uFFFD") && !strings.Contains(want, "\uFFFD") {
			m.c.Failf(msgReplacement, m.Name, check.Diff([]byte(want), []byte(got)))
		}
		m.c.Failf(msgWrongLine, m.Name, check.Diff([]byte(want), []byte(got)))
	}
	m.waiting = ""
}

// long-line: a line longer than -max-line gets "error: line too long" once,
// is not relayed, and the client stays connected. A line of exactly the
// limit (not counting "\n" or "\r\n") is fine.
func (cc *chatCase) longLine() {
	const limit = 100
	check.Launch(cc.T, cc.impl.Serve, Config{MaxLine: limit})
	ms := cc.room("alice", "bob")
	alice, bob := ms[0], ms[1]
	alice.Send(strings.Repeat("x", limit+1) + "\n")
	alice.Expect("error: line too long\n")
	alice.Send(strings.Repeat("y", limit) + "\n")
	bob.Expect(said("alice", strings.Repeat("y", limit)))
	alice.Send(strings.Repeat("z", limit) + "\r\n")
	bob.Expect(said("alice", strings.Repeat("z", limit)))

	// A megabyte without a newline: still one error, and memory stays
	// bounded only if the server drops the bytes as they come.
	alice.Send(strings.Repeat("m", 1<<20) + "\n")
	alice.Send("/who\n")
	alice.Expect("error: line too long\n")
	alice.Expect(sortedList("alice", "bob"))
	alice.Send("still here\n")
	bob.Expect(said("alice", "still here"))
}

// long-line-prompt: a client that sends more than -max-line bytes without
// a newline gets "error: line too long" at once, not when its line ends;
// the rest of that line is dropped, and the next one is relayed.
func (cc *chatCase) longLinePrompt() {
	const limit, sent = 100, 150
	check.Launch(cc.T, cc.impl.Serve, Config{MaxLine: limit})
	bob, alice := cc.join("bob"), cc.join("alice")
	waiting := true
	cc.Note(func() string {
		if !waiting {
			return ""
		}
		return fmt.Sprintf(notePrompt, sent, limit)
	})
	alice.Send(strings.Repeat("x", sent))
	alice.Expect("error: line too long\n")
	waiting = false
	alice.Send(strings.Repeat("x", 1000) + "\n") // the end of the same line: no second error
	alice.Send("short again\n")
	bob.expectChat(said(alice.addr, "short again"))
	bob.Send("heard you\n")
	alice.expectChat(said(bob.addr, "heard you"))
}

// scale: 200 clients in one room; four of them send a burst at once, and
// every client gets every line, each sender's in order.
func (cc *chatCase) scale() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	const clients, perSender = 200, 20
	everyone := make([]*member, clients)
	for i := range everyone {
		everyone[i] = cc.join(fmt.Sprintf("c%03d", i))
	}
	senders := []*member{everyone[0], everyone[66], everyone[133], everyone[199]}
	for _, sender := range senders {
		cc.Go(sendNumbered(sender, "burst", 0, perSender))
	}
	cc.Wait()
	for _, m := range everyone {
		seq := newSequence(m, "burst", senders)
		for got, want := 0, perSender*len(seq.next); got < want; {
			if seq.take(m.ReadLine()) {
				got++
			}
		}
	}
}

// churn: while three clients talk, visitors keep joining and leaving (by
// closing, by reset, by /quit). The readers get every message and every
// departure, and at the end /who lists exactly those still there. The
// server's room is used from many goroutines at once here: run with -race.
func (cc *chatCase) churn() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	readers := []*member{cc.join("reader1"), cc.join("reader2")}
	senders := []*member{cc.join("alice"), cc.join("bob"), cc.join("carol")}
	seqs := []*sequence{newSequence(readers[0], "churn", senders), newSequence(readers[1], "churn", senders)}
	const rounds, perRound = 10, 5
	for round := range rounds {
		for _, sender := range senders {
			cc.Go(sendNumbered(sender, "churn", round*perRound, perRound))
		}
		gone := map[string]bool{}
		for k := range 3 {
			v := cc.join(fmt.Sprintf("visitor%d.%d", round, k))
			gone[v.addr] = true
			switch k {
			case 0:
				v.Close()
			case 1:
				v.Reset()
			case 2:
				v.Send("/quit\n")
				v.readUntil("* bye\n")
			}
		}
		cc.Wait()
		for i, r := range readers {
			left := map[string]bool{}
			for got := 0; got < perRound*len(senders) || len(left) < len(gone); {
				line := r.ReadLine()
				if who, ok := leftNotice(line); ok && !cc.stranger(line) {
					if !gone[who] {
						cc.Failf(msgNotLeft, r.Name, check.Quote(line), who)
					}
					left[who] = true
				} else if seqs[i].take(line) {
					got++
				}
			}
		}
	}
	var names []string
	for _, m := range append(readers, senders...) {
		names = append(names, m.addr)
	}
	cc.Todo(4) // the room held; now /who, which TODO(4) writes
	cc.Note(func() string { return noteChurnWho })
	readers[0].Send("/who\n")
	readers[0].Expect(sortedList(names...))
}

// leftNotice reports whether line is "* <who> left\n", and who.
func leftNotice(line string) (who string, ok bool) {
	rest, ok := strings.CutPrefix(line, "* ")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(rest, " left\n")
}

// goroutines: once every client has gone, however it went, no goroutine
// the server started for it is still running. (In-process: it counts
// goroutines.)
func (cc *chatCase) goroutines() {
	cc.Start(cc.impl.Serve.Bind(Config{}))
	before := cc.Goroutines()
	ms := cc.room("alice", "bob")
	alice, bob := ms[0], ms[1]
	alice.Send("hello\n")
	bob.Expect(said("alice", "hello"))

	carol := cc.join("carol")
	carol.Send("/quit\n")
	carol.Expect("* bye\n")
	carol.ExpectEOF()
	dave := cc.join("dave")
	dave.CloseWrite()
	dave.ExpectEOF()
	erin := cc.join("erin")
	erin.Send("/who\n")
	erin.Reset()
	alice.Close()
	bob.Close()
	cc.ExpectNoNewGoroutines(before, "every client has left")
}
