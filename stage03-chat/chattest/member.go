package chattest

import (
	"fmt"
	"slices"
	"strings"

	"tcpworkbook/kit/check"
)

// member is a client in the room.
type member struct {
	*check.Client
	c    *chatCase
	addr string // how the server names it until /name: its address
	name string // its name after /name, or addr

	asked   string // the name it last asked for with /name
	waiting string // the line Expect or expectChat is waiting for, for the report
	skipped int    // notices expectChat has skipped while waiting, for the report
}

// join connects a client called name and waits for its welcome. The
// protocol promises that a client receives every message sent after its
// welcome, so from here on the member is in the room.
func (cc *chatCase) join(name string) *member {
	cc.Helper()
	return cc.welcomed(cc.Dial(name))
}

// welcomed waits for the welcome of a client just connected, and makes it
// a member.
func (cc *chatCase) welcomed(cl *check.Client) *member {
	cc.Helper()
	cc.Todo(1) // the welcome is join's job
	cl.Expect(Welcome)
	cc.Todo(cc.CaseTodo())
	addr := cl.Conn().LocalAddr().String()
	// A port is reused in one room only if it was this room's: a check
	// with two servers (full-outbox) may see a port of the other one.
	room := cl.Conn().RemoteAddr().String() + " " + addr
	if cc.rooms[room] {
		// The system gave a new client the port of one that has gone: a
		// room keyed by address may now mix the two up, whatever this
		// case checks. Harmless if the case passes.
		cc.diagnose(symptomAddrReused, 1, fmt.Sprintf(readAddrReused, cl.Name, addr))
	}
	cc.rooms[room] = true
	cc.addrs[addr] = true
	delete(cc.gone, addr) // a port can be used again
	m := &member{Client: cl, c: cc, addr: addr, name: addr}
	cc.Note(func() string {
		switch {
		case m.waiting == "":
			return ""
		case m.skipped > 0:
			// Only expectChat skips notices; say so only when it did, so
			// that the note is never under a notice that was read as wrong.
			return fmt.Sprintf(noteWaitingChat, m.Name, check.Quote(m.waiting), m.skipped)
		default:
			return fmt.Sprintf(noteWaiting, m.Name, check.Quote(m.waiting))
		}
	})
	return m
}

// room joins a client for each name, one after another. Each reads the
// join notices of those who come after it, then each takes its name with
// /name and everyone reads the rename notices, so the room starts quiet.
func (cc *chatCase) room(names ...string) []*member {
	cc.Helper()
	var ms []*member
	for _, n := range names {
		m := cc.join(n)
		for _, o := range ms {
			o.Expect("* " + m.addr + " joined\n")
		}
		ms = append(ms, m)
	}
	for _, m := range ms {
		m.rename(m.Name, ms)
	}
	return ms
}

// rename sends /name, expects the confirmation, and has each of the others
// read the notice.
func (m *member) rename(name string, room []*member) {
	m.c.Helper()
	// Taking a name is /name's job, whichever check needs it.
	m.c.Todo(3)
	defer m.c.Todo(m.c.CaseTodo())
	old := m.name
	m.Send("/name " + name + "\n")
	m.Expect("* you are now " + name + "\n")
	m.name = name
	for _, o := range room {
		if o != m {
			o.Expect("* " + old + " is now " + name + "\n")
		}
	}
}

// said is how a message from a client called from reaches the others.
func said(from, text string) string { return "[" + from + "]: " + text + "\n" }

// chatLine returns the next line that is not a notice. Part A checks use it,
// so that a server without part B's notices passes them.
func (m *member) chatLine() string {
	m.c.Helper()
	for {
		if line := m.ReadLine(); !strings.HasPrefix(line, "* ") {
			return line
		}
		m.skipped++
	}
}

// Expect reads the next line and fails unless it is want, a single line.
// It skips the announcements of clients the case never connected (see
// chatCase.stranger); any other line is a failure.
func (m *member) Expect(want string) {
	m.c.Helper()
	m.waiting, m.skipped = want, 0
	for {
		got := m.ReadLine()
		if got == want {
			break
		}
		if !m.c.stranger(got) {
			m.c.Failf(msgWrongLine, m.Name, check.Diff([]byte(want), []byte(got)))
		}
	}
	m.waiting = ""
}

// next reads the next line, skipping the announcements of clients the
// case never connected (see chatCase.stranger).
func (m *member) next() string {
	m.c.Helper()
	for {
		if line := m.ReadLine(); !m.c.stranger(line) {
			return line
		}
	}
}

// expectChat fails unless the next line that is not a notice is want.
func (m *member) expectChat(want string) {
	m.c.Helper()
	m.waiting, m.skipped = want, 0
	if got := m.chatLine(); got != want {
		m.c.Failf(msgWrongLine, m.Name, check.Diff([]byte(want), []byte(got)))
	}
	m.waiting, m.skipped = "", 0
}

// readUntil reads lines until one equals want, and fails if none does in
// time.
func (m *member) readUntil(want string) {
	m.c.Helper()
	for m.ReadLine() != want {
	}
}

// sortedList is the /who reply for the given display names.
func sortedList(names ...string) string {
	return "* online: " + strings.Join(slices.Sorted(slices.Values(names)), ", ") + "\n"
}

// text builds a message of size bytes: "<word> <n> " padded with a letter.
func text(word string, n, size int) string {
	s := fmt.Sprintf("%s %05d ", word, n)
	return s + strings.Repeat(string(rune('a'+n%26)), max(0, size-len(s)))
}
