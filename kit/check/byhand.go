package check

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"tcpworkbook/kit/proc"
	"tcpworkbook/kit/stacks"
)

// byHand is what "Try it by hand" needs from the stage's manifest.
type byHand struct {
	dir      string // "stage03-chat"
	commands []Command
}

// launched is how Launch started the case's server: which of the stage's
// commands, with which flags after -addr.
type launched struct {
	name  string
	flags []string
}

// handAddr is the address the lines suggest: any free port will do.
const (
	handHost = "127.0.0.1"
	handPort = "8080"
)

// maxHandClients is how many client terminals the lines list.
const maxHandClients = 4

// maxOneLiner is the most bytes a lone client may have sent for the
// lines to give its whole conversation as one printf … | nc.
const maxOneLiner = 200

// tryByHand is the part of a failure report that says how to replay the
// case by hand: the stage's command with the flags the case used, one
// terminal per client with the command that joins it, and where the
// check's own code is. For a server the case started with Start, in
// process and configured its own way, the lines come close and say so; a
// case that started no server gets none.
func (c *T) tryByHand(log []event) string {
	c.mu.Lock()
	l := c.launched
	c.mu.Unlock()
	approx := false
	if l == nil && c.server != nil && c.server.Cmd == nil {
		// Started in process with Start: its configuration is the
		// check's own (a hook, a counting pool), so the command line
		// can only come close.
		l, approx = &launched{}, true
	}
	if l == nil || c.stage.hand == nil {
		return ""
	}
	var cmd *Command
	for i := range c.stage.hand.commands {
		if c.stage.hand.commands[i].Server == l.name {
			cmd = &c.stage.hand.commands[i]
		}
	}
	if cmd == nil {
		return ""
	}
	clients, sent, talked := c.clientsOf(log)
	var b strings.Builder
	b.WriteString("\nTry it by hand, in a terminal each:\n")
	fmt.Fprintf(&b, "  1$ go run ./%s/cmd/%s -addr %s:%s%s\n", c.stage.hand.dir, cmd.Name, handHost, handPort, shellArgs(l.flags))
	if approx {
		b.WriteString("     (the check ran your Go code with things only a test can give it, so this comes close, not exact)\n")
	}
	if slices.ContainsFunc(l.flags, func(f string) bool { return strings.HasPrefix(f, os.TempDir()) }) {
		b.WriteString("     (the check's own files are gone now that it has ended: make your own in their place)\n")
	}
	join := cmd.Join
	if join == "" {
		join = "nc HOST PORT"
	}
	join = strings.NewReplacer("HOST", handHost, "PORT", handPort).Replace(join)
	for i, name := range clients {
		if i == maxHandClients {
			fmt.Fprintf(&b, "  … and %d more clients like these\n", len(clients)-maxHandClients)
			break
		}
		fmt.Fprintf(&b, "  %d$ %s    # %s\n", i+2, join, name)
	}
	switch {
	case len(clients) == 1 && cmd.Join == "" && len(sent[clients[0]]) > 0 && len(sent[clients[0]]) <= maxOneLiner:
		fmt.Fprintf(&b, "  or all that %s sent, byte for byte: printf %s | nc -q 1 %s %s\n",
			clients[0], printfQuote(sent[clients[0]]), handHost, handPort)
	case talked:
		b.WriteString("  then type what each client sent, in the order of the traffic above.\n")
	case len(clients) > 0:
		b.WriteString("  and see what each one receives, against the report above.\n")
	}
	if at := checkCode(); at != "" {
		fmt.Fprintf(&b, "The check's own code: %s\n", at)
	}
	return b.String()
}

// clientsOf lists the case's clients, in the order they were dialled, and
// what each sent, if the log kept all of it (a long message is cut).
func (c *T) clientsOf(log []event) (names []string, sent map[string][]byte, talked bool) {
	c.mu.Lock()
	for _, cl := range c.clients {
		names = append(names, cl.Name)
	}
	c.mu.Unlock()
	sent = map[string][]byte{}
	whole := map[string]bool{}
	for _, name := range names {
		whole[name] = true
	}
	for _, e := range log {
		if e.kind == evSent {
			talked = true
			sent[e.who] = append(sent[e.who], e.data...)
			whole[e.who] = whole[e.who] && e.n == len(e.data)
		}
	}
	for name := range sent {
		if !whole[name] {
			delete(sent, name)
		}
	}
	return names, sent, talked
}

// shellArgs joins flags for a shell, each quoted if it needs to be.
func shellArgs(flags []string) string {
	var b strings.Builder
	for _, f := range flags {
		b.WriteByte(' ')
		if f != "" && strings.IndexFunc(f, func(r rune) bool { return !isShellSafe(r) }) < 0 {
			b.WriteString(f)
			continue
		}
		b.WriteString("'" + strings.ReplaceAll(f, "'", `'\''`) + "'")
	}
	return b.String()
}

func isShellSafe(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-_./:=,@%+", r)
}

// printfQuote is data as one single-quoted printf format that prints it
// exactly: printable ASCII as itself, everything else as \ooo, "%" and
// "\" doubled.
func printfQuote(data []byte) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, c := range data {
		switch {
		case c == '\'':
			b.WriteString(`\047`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '%':
			b.WriteString("%%")
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < ' ' || c > '~':
			b.WriteString(`\` + strconv.FormatInt(int64(c)|0o1000, 8)[1:])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// checkCode is where the failing check's own code is, relative to the
// workspace root (see checkFrame).
func checkCode() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var seen []codeFrame
	for {
		f, more := frames.Next()
		file := filepath.ToSlash(f.File)
		seen = append(seen, codeFrame{
			function: f.Function,
			at:       stacks.Rel(proc.WorkspaceRoot(), f.File) + ":" + strconv.Itoa(f.Line),
			harness: strings.Contains(file, "/kit/check/") && !strings.HasSuffix(file, "_test.go") ||
				f.Function == "" || !ownCode(f.Function, f.File),
		})
		if !more {
			return checkFrame(seen)
		}
	}
}

// codeFrame is one frame of a stack, innermost first, as checkFrame reads
// it.
type codeFrame struct {
	function, at string
	harness      bool
}

// checkFrame picks the check's own frame from a stack, innermost first:
// the outermost frame of the first run of frames outside the harness (the
// check's function, not a helper it called). A function literal around a
// named function there is a suite's wrapper of every case (one that adds
// a note, say), not the check: the outermost named function wins over it.
func checkFrame(frames []codeFrame) string {
	at, named := "", false
	for _, f := range frames {
		literal := funcLiteral.MatchString(f.function)
		switch {
		case !f.harness && (!named || !literal):
			at, named = f.at, named || !literal
		case !f.harness:
			// a wrapper's literal, outside the check's named function
		case at != "":
			return at // back in the harness: the last frame kept was the check's
		}
	}
	return at
}

// funcLiteral matches the name the runtime gives a function literal:
// "pkg.outer.func1", "pkg.(*T).m.func2.1".
var funcLiteral = regexp.MustCompile(`\.func\d+(\.\d+)*$`)
