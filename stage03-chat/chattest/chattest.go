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
	"log/slog"
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

// Command is cmd/chat with cfg's flags; a zero field leaves its flag out.
func (cfg Config) Command() (server string, flags []string) {
	if cfg.MaxLine != 0 {
		flags = append(flags, MaxLineFlag.Arg(cfg.MaxLine)...)
	}
	if cfg.Queue != 0 {
		flags = append(flags, QueueFlag.Arg(cfg.Queue)...)
	}
	return "", flags
}

// Impl is the code under test.
type Impl struct {
	// Serve runs a chat server with cfg on ln until ctx is cancelled or
	// ln is closed.
	Serve check.Serve[Config]
}

// Run runs every stage 03 check against impl. Select a group or one check
// with -run, for example -run 'Chat/ChatA' or -run 'Chat/ChatB/msg'.
func Run(t *testing.T, impl Impl) {
	s := &suite{impl: impl}
	// Every check starts by reading the welcome, and nearly every one
	// relies on the broadcast: without them, each would only fail the same
	// way again, 2 s later.
	var (
		afterWelcome   = []string{"ChatA/welcome"}
		afterBroadcast = []string{"ChatA/welcome", "ChatA/broadcast"}
	)
	on := func(run func(*chatCase)) func(*check.T) { return check.With(s.newCase, run) }
	cases := []check.Case{
		{Name: "ChatA/welcome", Todo: 1, Run: on((*chatCase).welcome)},
		{Name: "ChatA/broadcast", Todo: 2, Needs: afterWelcome, Run: on((*chatCase).broadcast)},
		{Name: "ChatA/no-echo", Todo: 2, Needs: afterBroadcast, Run: on((*chatCase).noEcho)},
		{Name: "ChatA/framing", Todo: 2, Needs: afterBroadcast, Run: on((*chatCase).framing)},
		{Name: "ChatA/order", Todo: 2, Needs: afterBroadcast, Run: on((*chatCase).order)},
		{Name: "ChatA/leave", Todo: 1, Needs: afterBroadcast, Run: on((*chatCase).leave)},

		{Name: "ChatB/joined-left", Todo: 1, Needs: afterBroadcast, Run: on((*chatCase).joinedLeft)},
		{Name: "ChatB/name", Todo: 3, Needs: afterBroadcast, Run: on((*chatCase).name)},
		{Name: "ChatB/name-taken", Todo: 3, Needs: afterBroadcast, Run: on((*chatCase).nameTaken)},
		{Name: "ChatB/name-invalid", Todo: 3, Needs: afterBroadcast, Run: on((*chatCase).nameInvalid)},
		{Name: "ChatB/unknown-command", Todo: 3, Needs: afterBroadcast, Run: on((*chatCase).unknownCommand)},
		{Name: "ChatB/msg", Todo: 4, Needs: afterBroadcast, Run: on((*chatCase).msg)},
		{Name: "ChatB/msg-unknown", Todo: 4, Needs: afterBroadcast, Run: on((*chatCase).msgUnknown)},
		{Name: "ChatB/msg-not-logged", Todo: 4, Needs: afterBroadcast, InProcess: true, Run: on((*chatCase).msgNotLogged)},
		{Name: "ChatB/who", Todo: 4, Needs: afterBroadcast, Run: on((*chatCase).who)},
		{Name: "ChatB/quit", Todo: 4, Needs: afterBroadcast, Run: on((*chatCase).quit)},

		{Name: "ChatRobust/control-chars", Todo: 5, Needs: afterBroadcast, Run: on((*chatCase).controlChars)},
		{Name: "ChatRobust/invalid-utf8", Todo: 5, Needs: afterBroadcast, Run: on((*chatCase).invalidUTF8)},
		{Name: "ChatRobust/long-line", Todo: 2, Needs: afterBroadcast, Run: on((*chatCase).longLine)},
		{Name: "ChatRobust/long-line-prompt", Todo: 2, Needs: afterBroadcast, Run: on((*chatCase).longLinePrompt)},
		{Name: "ChatRobust/slow-reader", Todo: 6, Needs: afterBroadcast, Watchdog: time.Minute, Run: on((*chatCase).slowReader)},
		{Name: "ChatRobust/lagging-reader", Todo: 6, Needs: afterBroadcast, Watchdog: time.Minute, Run: on((*chatCase).laggingReader)},
		{Name: "ChatRobust/full-outbox", Todo: 6, Needs: afterBroadcast, Watchdog: time.Minute, Run: on((*chatCase).fullOutbox)},
		{Name: "ChatRobust/scale", Todo: 2, Needs: afterBroadcast, Watchdog: 30 * time.Second, Run: on((*chatCase).scale)},
		{Name: "ChatRobust/churn", Todo: 1, Needs: afterBroadcast, Watchdog: 30 * time.Second, Run: on((*chatCase).churn)},
		{Name: "ChatRobust/crowd", Todo: 4, Needs: afterBroadcast, Watchdog: 30 * time.Second, Run: on((*chatCase).crowd)},
		{Name: "ChatRobust/name-race", Todo: 3, Needs: afterBroadcast, Watchdog: 30 * time.Second, Run: on((*chatCase).nameRace)},
		{Name: "ChatRobust/address-reuse", Todo: 1, Needs: afterBroadcast, Run: on((*chatCase).addressReuse)},
		{Name: "ChatRobust/busy-welcome", Todo: 1, Needs: afterBroadcast, Watchdog: 30 * time.Second, Run: on((*chatCase).busyWelcome)},
		{Name: "ChatRobust/goroutines", Todo: 1, Needs: afterBroadcast, InProcess: true, Run: on((*chatCase).goroutines)},
	}
	check.Run(t, Manifest.Suite(), cases)
}

// suite is what every case of one Run shares.
type suite struct {
	impl Impl
}

// chatCase is one running check: its T, and what its helpers share.
type chatCase struct {
	*check.T
	impl Impl
	// addrs holds every client the case has connected, by address;
	// rooms by the server's address and its own.
	addrs, rooms map[string]bool
	// gone holds the names and addresses of the clients that have left,
	// until a name is taken again.
	gone map[string]bool
	// diagnosed is set once a symptom has been recorded (see diagnose).
	diagnosed bool
}

func (s *suite) newCase(t *check.T) *chatCase {
	cc := &chatCase{T: t, impl: s.impl, addrs: map[string]bool{}, rooms: map[string]bool{}, gone: map[string]bool{}}
	if check.ServerInProcess() {
		// The server runs in this process: if the case fails with the
		// room stuck on a lock that nobody holds any more, say so.
		cc.Note(func() string { return lockLeaked(dumpGoroutines()) })
	}
	return cc
}

// stranger reports whether line announces a client that the case never
// connected: "* <address> joined" or "* <address> left". When the suite
// runs a command (WORKBOOK_CMD), the harness connects once to see that the
// command is up, and the server may announce that connection.
func (cc *chatCase) stranger(line string) bool {
	rest, ok := strings.CutPrefix(line, "* ")
	if !ok {
		return false
	}
	for _, event := range []string{" joined\n", " left\n"} {
		if who, ok := strings.CutSuffix(rest, event); ok {
			return strings.Contains(who, ":") && !cc.addrs[who]
		}
	}
	return false
}
