// Package chattest is the stage 03 suite: the checks any chat server must
// pass. Call Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn.
//
// The checks come in three groups:
//
//   - ChatA, the lecture's broadcast chat. These checks skip notice lines
//     (those starting with "* "), so a lecture-style server passes them.
//   - ChatB, names, private messages, /who and /quit.
//   - ChatRobust, hostile, slow and numerous clients.
//
// Every check talks to the server only through its TCP address, except the
// two marked in-process, which read the server's log and count goroutines.
package chattest

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tcpworkbook/kit/check"
)

// The protocol's fixed parts.
const (
	// Welcome is the first line every client receives.
	Welcome = "Welcome to the chat! Type your message:\n"
	// DefaultMaxLine is the longest line, without its line ending, that a
	// server accepts unless told otherwise (-max-line).
	DefaultMaxLine = 4096
	// DefaultQueue is how many lines a server keeps for one client that is
	// not reading, unless told otherwise (-queue).
	DefaultQueue = 100
)

// Config is what a check asks of the server. Zero fields mean the defaults.
type Config struct {
	MaxLine int          // -max-line
	Queue   int          // -queue
	Log     *slog.Logger // where the server logs; nil discards
}

// flags is the command-line form of cfg, for a server run as a command.
func (cfg Config) flags() []string {
	var f []string
	if cfg.MaxLine != 0 {
		f = append(f, "-max-line", strconv.Itoa(cfg.MaxLine))
	}
	if cfg.Queue != 0 {
		f = append(f, "-queue", strconv.Itoa(cfg.Queue))
	}
	return f
}

// Impl is the code under test.
type Impl struct {
	// Serve runs a chat server with cfg on ln until ctx is cancelled or
	// ln is closed.
	Serve func(ctx context.Context, ln net.Listener, cfg Config) error
}

// Stage describes stage 03 for failure messages.
var Stage = check.Stage{
	Name: "Chat",
	File: "stage03-chat/chat.go",
	Todos: map[int]string{
		1: "the room: join (greet, announce, add to s.clients) and leave (remove, announce), holding s.mu",
		2: "broadcastLocked: queue the line for every client except the sender",
		3: "rename: /name checks the name, refuses one in use, renames and announces it",
		4: "private and who: /msg delivers to one client by name; /who lists everyone, sorted",
		5: "clean: drop ASCII control characters, except tab, before relaying",
		6: "the outbox's push: keep at most limit lines, drop the oldest when full, count what was dropped",
	},
}

// Run runs every stage 03 check against impl. Select a group or one check
// with -run, for example -run 'Chat/ChatA' or -run 'Chat/ChatB/msg'.
func Run(t *testing.T, impl Impl) {
	s := suite{impl: impl, cases: map[*check.T]*caseState{}}
	cases := []check.Case{
		{Name: "ChatA/welcome", Todo: 1, Run: s.welcome},
		{Name: "ChatA/broadcast", Todo: 2, Run: s.broadcast},
		{Name: "ChatA/no-echo", Todo: 2, Run: s.noEcho},
		{Name: "ChatA/framing", Todo: 2, Run: s.framing},
		{Name: "ChatA/order", Todo: 2, Run: s.order},
		{Name: "ChatA/leave", Todo: 1, Run: s.leave},

		{Name: "ChatB/joined-left", Todo: 1, Run: s.joinedLeft},
		{Name: "ChatB/name", Todo: 3, Run: s.name},
		{Name: "ChatB/name-taken", Todo: 3, Run: s.nameTaken},
		{Name: "ChatB/name-invalid", Todo: 3, Run: s.nameInvalid},
		{Name: "ChatB/unknown-command", Todo: 3, Run: s.unknownCommand},
		{Name: "ChatB/msg", Todo: 4, Run: s.msg},
		{Name: "ChatB/msg-unknown", Todo: 4, Run: s.msgUnknown},
		{Name: "ChatB/msg-not-logged", Todo: 4, InProcess: true, Run: s.msgNotLogged},
		{Name: "ChatB/who", Todo: 4, Run: s.who},
		{Name: "ChatB/quit", Todo: 4, Run: s.quit},

		{Name: "ChatRobust/control-chars", Todo: 5, Run: s.controlChars},
		{Name: "ChatRobust/long-line", Todo: 2, Run: s.longLine},
		{Name: "ChatRobust/slow-reader", Todo: 6, Watchdog: time.Minute, Run: s.slowReader},
		{Name: "ChatRobust/lagging-reader", Todo: 6, Watchdog: time.Minute, Run: s.laggingReader},
		{Name: "ChatRobust/scale", Todo: 2, Watchdog: 30 * time.Second, Run: s.scale},
		{Name: "ChatRobust/churn", Todo: 1, Watchdog: 30 * time.Second, Run: s.churn},
		{Name: "ChatRobust/goroutines", Todo: 1, InProcess: true, Run: s.goroutines},
	}
	for i, tc := range cases {
		// Every check starts by reading the welcome, and nearly every one
		// relies on the broadcast: without them, each would only fail the
		// same way again, 2 s later.
		switch tc.Name {
		case "ChatA/welcome":
		case "ChatA/broadcast":
			cases[i].Needs = []string{"ChatA/welcome"}
		default:
			cases[i].Needs = []string{"ChatA/welcome", "ChatA/broadcast"}
		}
		cases[i].Run = func(c *check.T) {
			s.cases[c] = &caseState{todo: tc.Todo, addrs: map[string]bool{}}
			defer delete(s.cases, c)
			tc.Run(c)
		}
	}
	check.Run(t, Stage, cases)
}

type suite struct {
	impl  Impl
	cases map[*check.T]*caseState // the running case's state
}

// caseState is what a case's helpers share.
type caseState struct {
	// todo is the case's own TODO, for join to return to after it has
	// pointed a missing welcome at TODO(1).
	todo int
	// addrs holds every client the case has connected, by address.
	addrs map[string]bool
}

// stranger reports whether line announces a client that the case never
// connected: "* <address> joined" or "* <address> left". When the suite
// runs a command (WORKBOOK_CMD), the harness connects once to see that the
// command is up, and the server may announce that connection.
func (st *caseState) stranger(line string) bool {
	rest, ok := strings.CutPrefix(line, "* ")
	if !ok {
		return false
	}
	for _, event := range []string{" joined\n", " left\n"} {
		if who, ok := strings.CutSuffix(rest, event); ok {
			return strings.Contains(who, ":") && !st.addrs[who]
		}
	}
	return false
}

// launch starts the server under test with cfg: in-process, or as the
// command named by WORKBOOK_CMD with cfg's flags.
func (s suite) launch(c *check.T, cfg Config) {
	c.Helper()
	c.Launch(s.serveFunc(cfg), cfg.flags()...)
}

// start starts the server in-process, for checks that look inside it.
func (s suite) start(c *check.T, cfg Config) {
	c.Helper()
	c.Start(s.serveFunc(cfg))
}

func (s suite) serveFunc(cfg Config) check.ServeFunc {
	return func(ctx context.Context, ln net.Listener) error { return s.impl.Serve(ctx, ln, cfg) }
}

// member is a client in the room.
type member struct {
	*check.Client
	c    *check.T
	st   *caseState
	addr string // how the server names it until /name: its address
	name string // its name after /name, or addr

	waiting string // the line expectChat is waiting for, for the report
}

// join connects a client called name and waits for its welcome. The
// protocol promises that a client receives every message sent after its
// welcome, so from here on the member is in the room.
func (s suite) join(c *check.T, name string) *member {
	c.Helper()
	cl := c.Dial(name)
	c.Todo(1) // the welcome is join's job
	cl.Expect(Welcome)
	st := s.cases[c]
	c.Todo(st.todo)
	addr := cl.Conn().LocalAddr().String()
	st.addrs[addr] = true
	m := &member{Client: cl, c: c, st: st, addr: addr, name: addr}
	c.Note(func() string {
		if m.waiting == "" {
			return ""
		}
		if strings.HasPrefix(m.waiting, "* ") {
			return fmt.Sprintf("%s was waiting for %q.", m.Name, m.waiting)
		}
		return fmt.Sprintf("%s was waiting for %q (lines starting with \"* \" are skipped here).", m.Name, m.waiting)
	})
	return m
}

// room joins a client for each name, one after another. Each reads the
// join notices of those who come after it, then each takes its name with
// /name and everyone reads the rename notices, so the room starts quiet.
func (s suite) room(c *check.T, names ...string) []*member {
	c.Helper()
	var ms []*member
	for _, n := range names {
		m := s.join(c, n)
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
	defer m.c.Todo(m.st.todo)
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
	}
}

// Expect reads the next line and fails unless it is want, a single line.
// It skips the announcements of clients the case never connected (see
// caseState.stranger); any other line is a failure.
func (m *member) Expect(want string) {
	m.c.Helper()
	m.waiting = want
	for {
		got := m.ReadLine()
		if got == want {
			break
		}
		if !m.st.stranger(got) {
			m.c.Failf("%s received the wrong line.\n\n%s", m.Name, lineDiff(want, got))
		}
	}
	m.waiting = ""
}

// lineDiff shows want above got, with a caret under the first byte where
// they differ.
func lineDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	w, g := strconv.Quote(want), strconv.Quote(got)
	col := len(strconv.Quote(got[:i])) - 1 // the closing quote of the common part
	return fmt.Sprintf("  expected: %s\n  received: %s\n  %s^ first difference, at byte %d", w, g, strings.Repeat(" ", len("received: ")+col), i)
}

// expectChat fails unless the next line that is not a notice is want.
func (m *member) expectChat(want string) {
	m.c.Helper()
	m.waiting = want
	if got := m.chatLine(); got != want {
		m.c.Failf("%s received the wrong line.\n\n%s", m.Name, lineDiff(want, got))
	}
	m.waiting = ""
}

// readUntil reads lines until one equals want, and fails if none does in
// time.
func (m *member) readUntil(want string) {
	m.c.Helper()
	for m.ReadLine() != want {
	}
}

// numbered parses a message of the form "[from]: <word> <n>..." and
// returns from and n.
func numbered(line, word string) (from string, n int, ok bool) {
	rest, ok := strings.CutPrefix(line, "[")
	if !ok {
		return "", 0, false
	}
	from, text, ok := strings.Cut(rest, "]: "+word+" ")
	if !ok {
		return "", 0, false
	}
	digits, _, _ := strings.Cut(strings.TrimSuffix(text, "\n"), " ")
	n, err := strconv.Atoi(digits)
	return from, n, err == nil
}

// sequence checks that numbered messages from several senders arrive at one
// client with none lost, none repeated and each sender's in order.
type sequence struct {
	m    *member
	word string
	next map[string]int // by sender's address: the number expected next
	who  map[string]string
}

func newSequence(m *member, word string, senders []*member) *sequence {
	sq := &sequence{m: m, word: word, next: map[string]int{}, who: map[string]string{}}
	for _, s := range senders {
		if s != m {
			sq.next[s.addr] = 0
			sq.who[s.addr] = s.Name
		}
	}
	return sq
}

// take checks one line. It returns false for a notice.
func (sq *sequence) take(line string) bool {
	c := sq.m.c
	c.Helper()
	if strings.HasPrefix(line, "* ") {
		return false
	}
	from, n, ok := numbered(line, sq.word)
	if !ok {
		c.Failf("%s received %q, which is not a message any client sent here.", sq.m.Name, line)
	}
	if from == sq.m.addr {
		c.Failf("%s received its own message %q back. The broadcast must skip the sender.", sq.m.Name, line)
	}
	want, known := sq.next[from]
	switch {
	case !known:
		c.Failf("%s received %q, but no client with the address %s has sent anything.", sq.m.Name, line, from)
	case n < want:
		c.Failf("%s received message %d from %s twice, or out of order: it had already received up to %d.", sq.m.Name, n, sq.who[from], want-1)
	case n > want:
		c.Failf("%s received message %d from %s, but the next from that sender should have been %d. Messages from one sender must all arrive, in the order sent.", sq.m.Name, n, sq.who[from], want)
	}
	sq.next[from] = n + 1
	return true
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
