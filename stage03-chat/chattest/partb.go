package chattest

import (
	"strings"

	"tcpworkbook/kit/check"
)

// Part B: names, private messages, /who and /quit. These checks read every
// line exactly, notices included.

// joined-left: the others see "* <who> joined" when a client arrives and
// "* <who> left" when it goes, however it goes.
func (cc *chatCase) joinedLeft() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice := cc.join("alice")
	bob := cc.join("bob")
	alice.Expect("* " + bob.addr + " joined\n")
	carol := cc.join("carol")
	alice.Expect("* " + carol.addr + " joined\n")
	bob.Expect("* " + carol.addr + " joined\n")
	bob.Close()
	alice.Expect("* " + bob.addr + " left\n")
	carol.Expect("* " + bob.addr + " left\n")
	carol.Reset()
	alice.Expect("* " + carol.addr + " left\n")
}

// name: /name changes how a client is shown; the client is told, the others
// are told the old and the new name, and a name given up is free again.
func (cc *chatCase) name() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice := cc.join("alice")
	bob := cc.join("bob")
	alice.Expect("* " + bob.addr + " joined\n")
	room := []*member{alice, bob}

	bob.rename("bob", room)
	bob.Send("hi\n")
	alice.Expect(said("bob", "hi"))
	bob.rename("robert", room)
	cc.Note(func() string {
		if alice.asked == "bob" && alice.name != "bob" {
			cc.diagnose(symptomOldNameKept, 3, readNameFreed)
		}
		return ""
	})
	alice.rename("bob", room) // bob gave it up
	alice.Send("hello, robert\n")
	bob.Expect(said("bob", "hello, robert"))
}

// name-taken: a name in use is refused, and nobody hears of the attempt;
// once its owner leaves, it is free.
func (cc *chatCase) nameTaken() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice := cc.join("alice")
	bob := cc.join("bob")
	alice.Expect("* " + bob.addr + " joined\n")
	alice.rename("alice", []*member{alice, bob})

	bob.Send("/name alice\n")
	bob.Expect("error: name taken\n")
	bob.Send("still me\n")
	alice.Expect(said(bob.addr, "still me"))
	alice.Close()
	bob.Expect("* alice left\n")
	bob.Send("/name alice\n")
	bob.Expect("* you are now alice\n")
}

// name-invalid: a name is 1 to 16 characters from A-Z, a-z, 0-9, "_" and
// "-". Anything else is refused and nobody hears of it.
func (cc *chatCase) nameInvalid() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice := cc.join("alice")
	bob := cc.join("bob")
	alice.Expect("* " + bob.addr + " joined\n")
	for _, line := range []string{
		"/name",
		"/name ",
		"/name two words",
		"/name seventeen_chars_x",
		"/name dot.ted",
		"/name colon:",
		"/name ünïcode",
		"/name tab\there",
		"/name esc\x1b[31m",
	} {
		alice.Send(line + "\n")
		alice.Expect("error: invalid name\n")
	}
	alice.rename("Zed_the-Coder_16", []*member{alice, bob})
}

// unknown-command: any other line starting with "/" gets an error naming
// the command, and is not relayed.
func (cc *chatCase) unknownCommand() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice := cc.join("alice")
	bob := cc.join("bob")
	alice.Expect("* " + bob.addr + " joined\n")
	for _, tc := range []struct{ line, cmd string }{
		{"/dance", "/dance"},
		{"/NAME bob", "/NAME"},
		{"/who? me", "/who?"},
		{"/ spaced out", "/"},
	} {
		alice.Send(tc.line + "\n")
		alice.Expect("error: unknown command " + tc.cmd + "\n")
	}
	alice.Send("a plain line\n")
	bob.Expect(said(alice.addr, "a plain line"))
}

// msg: /msg reaches the named client only, marked private; neither the
// sender nor anyone else sees it.
func (cc *chatCase) msg() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	ms := cc.room("alice", "bob", "carol")
	alice, bob, carol := ms[0], ms[1], ms[2]
	cc.Note(func() string { return noteMsgPrivate })
	alice.Send("/msg bob psst, only for you\n")
	bob.Expect("[alice (private)]: psst, only for you\n")
	alice.Send("and now for everyone\n")
	bob.Expect(said("alice", "and now for everyone"))
	carol.Expect(said("alice", "and now for everyone"))
	bob.Send("/msg alice got it\n")
	alice.Expect("[bob (private)]: got it\n")
}

// msg-unknown: /msg to a name nobody has gets an error back to the sender.
// Names are case-sensitive.
func (cc *chatCase) msgUnknown() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	ms := cc.room("alice", "bob")
	alice, bob := ms[0], ms[1]
	alice.Send("/msg nobody are you there?\n")
	alice.Expect("error: no such user nobody\n")
	alice.Send("/msg Bob case matters\n")
	alice.Expect("error: no such user Bob\n")
	alice.Send("back to everyone\n")
	bob.Expect(said("alice", "back to everyone"))

	// A name with a control character in it: whatever the server makes
	// of it, it must not tell alice that bob, who is here, does not exist.
	cc.Note(func() string { return noteMsgControl })
	alice.Send("/msg bob\x00 are you there?\n")
	alice.Send("/msg nobody after that\n") // its answer ends what the first may bring
	for {
		line := alice.next()
		if line == "error: no such user bob\n" {
			cc.Failf(msgNoSuchBob, alice.Name, check.Quote(line))
		}
		if line == "error: no such user nobody\n" {
			break
		}
	}
}

// msg-not-logged: the server's log does not contain the text of a private
// message. (In-process: it reads the server's log.)
func (cc *chatCase) msgNotLogged() {
	log, out := cc.ServerLog()
	cc.Start(cc.impl.Serve.Bind(Config{Log: log}))
	ms := cc.room("alice", "bob")
	alice, bob := ms[0], ms[1]
	const secret = "the eagle lands at noon"
	alice.Send("/msg bob " + secret + "\n")
	bob.Expect("[alice (private)]: " + secret + "\n")
	// alice's next line is handled after the private one is done, logging
	// included.
	alice.Send("nothing to see here\n")
	bob.Expect(said("alice", "nothing to see here"))
	if strings.Contains(out.String(), secret) {
		cc.Failf(msgSecretLogged)
	}
}

// who: /who lists everyone connected, the asker included, by name or, for
// a client without one, by address, sorted and separated by ", ".
func (cc *chatCase) who() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	alice := cc.join("alice")
	bob := cc.join("bob")
	alice.Expect("* " + bob.addr + " joined\n")
	carol := cc.join("carol")
	alice.Expect("* " + carol.addr + " joined\n")
	bob.Expect("* " + carol.addr + " joined\n")
	room := []*member{alice, bob, carol}
	alice.rename("alice", room)
	// "Bob" sorts before "alice" byte by byte, and after it alphabetically.
	bob.rename("Bob", room)

	carol.Send("/who\n")
	cc.Note(func() string { return noteWhoBytes })
	carol.Expect(sortedList("alice", "Bob", carol.addr))
	bob.Close()
	carol.Expect("* Bob left\n")
	alice.Expect("* Bob left\n")
	alice.Send("/who\n")
	alice.Expect(sortedList("alice", carol.addr))
}

// quit: /quit gets "* bye", then the server closes the connection, and the
// others see the client leave.
func (cc *chatCase) quit() {
	check.Launch(cc.T, cc.impl.Serve, Config{})
	ms := cc.room("alice", "bob")
	alice, bob := ms[0], ms[1]
	bob.Send("/quit\n")
	bob.Expect("* bye\n")
	bob.ExpectEOF()
	alice.Expect("* bob left\n")
	alice.Send("/who\n")
	alice.Expect("* online: alice\n")
}
