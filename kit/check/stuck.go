package check

import (
	"fmt"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"tcpworkbook/kit/proc"
	"tcpworkbook/kit/stagedoc"
)

// A server that does not return when told to stop is nearly always
// waiting for one of its own goroutines: a handler blocked for ever, or a
// Serve waiting for such a handler. The report then shows where the
// server's goroutines wait, at the student's own line, and points at the
// TODO of the function they wait in.

// stuckFrame is one call of a goroutine's stack, innermost first.
type stuckFrame struct {
	fn   string // with its package path
	file string // relative to the workspace root when inside it
	line int
}

// stuckGoroutine is one goroutine of a runtime.Stack dump.
type stuckGoroutine struct {
	state  string
	frames []stuckFrame
}

// dumpStacks returns every goroutine of this process.
func dumpStacks() []stuckGoroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return parseStacks(string(buf[:n]), proc.WorkspaceRoot())
		}
		buf = make([]byte, 2*len(buf))
	}
}

var stackAt = regexp.MustCompile(`^\s+(\S+\.go):(\d+)`)

// parseStacks reads runtime.Stack's text. Files under root are named
// relative to it, as the student's editor names them.
func parseStacks(dump, root string) []stuckGoroutine {
	var gs []stuckGoroutine
	for block := range strings.SplitSeq(dump, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		head := lines[0]
		open, end := strings.Index(head, "["), strings.LastIndex(head, "]")
		if !strings.HasPrefix(head, "goroutine ") || open < 0 || end < open {
			continue
		}
		state, _, _ := strings.Cut(head[open+1:end], ",") // "chan receive, 2 minutes"
		g := stuckGoroutine{state: state}
		for i := 1; i+1 < len(lines); i += 2 {
			call := lines[i]
			if strings.HasPrefix(call, "created by ") {
				break
			}
			if k := strings.LastIndex(call, "("); k > 0 {
				call = call[:k]
			}
			m := stackAt.FindStringSubmatch(lines[i+1])
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[2])
			g.frames = append(g.frames, stuckFrame{fn: call, file: relTo(root, m[1]), line: n})
		}
		gs = append(gs, g)
	}
	return gs
}

// relTo names file relative to root when it is inside it.
func relTo(root, file string) string {
	if root == "" {
		return file
	}
	if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return file
}

// serverFrame is the goroutine's innermost frame in the server's code:
// the workspace's, but not the harness's or a suite's.
func (g stuckGoroutine) serverFrame() (stuckFrame, bool) {
	for _, f := range g.frames {
		if isServerCode(f.fn) {
			return f, true
		}
	}
	return stuckFrame{}, false
}

// isServerCode reports whether fn belongs to a server under test rather
// than to the harness (kit) or a suite package (…test).
func isServerCode(fn string) bool {
	if !strings.HasPrefix(fn, "tcpworkbook/") || strings.HasPrefix(fn, "tcpworkbook/kit/") {
		return false
	}
	pkg := fn
	slash := strings.LastIndex(pkg, "/")
	if dot := strings.Index(pkg[slash+1:], "."); dot >= 0 {
		pkg = pkg[:slash+1+dot]
	}
	return !strings.HasSuffix(pkg, "test")
}

// stuckReport describes the server's goroutines that are still running,
// grouped by where they wait, and the TODO of the first of them that
// waits in a function that holds one. It returns "" when no goroutine
// runs the server's code.
func stuckReport(gs []stuckGoroutine, root string) (detail string, todo int, kind stuckKind) {
	count := map[string]int{}
	var order []string
	release, spinning := false, false
	for _, g := range gs {
		f, ok := g.serverFrame()
		if !ok {
			continue
		}
		doing := "waiting (" + g.state + ")"
		if g.spinning() {
			doing = "not waiting but running (" + g.state + "): a loop that never ends?"
			if !spinning {
				spinning = true
				todo = g.todo(root) // the loop is the mistake, whatever else waits for it
			}
		}
		where := fmt.Sprintf("%s at %s:%d, %s", shortFunc(f.fn), f.file, f.line, doing)
		if count[where] == 0 {
			order = append(order, where)
		}
		count[where]++
		if todo == 0 {
			todo = g.todo(root)
		}
		if g.state == "chan receive" && strings.HasSuffix(f.fn, ".release") {
			release = true
		}
	}
	if len(order) == 0 {
		return "", 0, stuckBlocked
	}
	var b strings.Builder
	b.WriteString("The server's goroutines still running, and where they wait:")
	for _, w := range order {
		fmt.Fprintf(&b, "\n  %d × %s", count[w], w)
	}
	switch {
	case spinning:
		kind = stuckSpinning
	case release:
		kind = stuckRelease
	}
	return b.String(), todo, kind
}

// stuckKind is what keeps a server from returning.
type stuckKind int

const (
	stuckBlocked  stuckKind = iota // a goroutine waits for good
	stuckRelease                   // one waits in a second release of a slot
	stuckSpinning                  // one never stops running
)

// spinning reports whether g was running, not waiting, when the stacks
// were taken: seconds after its server was told to stop, a goroutine of
// the server's that is still not waiting on anything is going round a
// loop that does not end.
func (g stuckGoroutine) spinning() bool {
	return g.state == "runnable" || g.state == "running"
}

// todo is the TODO of the innermost frame of g in the server's code whose
// function holds one, or 0. That code is the stage's file, usually; a
// student's other files, or a mutant's, count too when they say.
func (g stuckGoroutine) todo(root string) int {
	for i, f := range g.frames {
		if !isServerCode(f.fn) {
			continue
		}
		callee := ""
		if i > 0 {
			callee = g.frames[i-1].fn
		}
		if n, _ := stagedoc.TodoOfFrame(filepath.Join(root, filepath.FromSlash(f.file)), f.line, callee); n != 0 {
			return n
		}
	}
	return 0
}

// Blame says where in the server's code a stack runs, given as program
// counters (runtime.Callers, or a memory profile's record), and which TODO
// holds that code: the innermost frame in the stage's file whose function
// holds a TODO. where names the innermost frame of the server's code,
// "fn at file:line"; both are empty when no frame is the server's.
func (c *T) Blame(pcs []uintptr) (where string, todo int) {
	root := proc.WorkspaceRoot()
	g := stuckGoroutine{}
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" {
			g.frames = append(g.frames, stuckFrame{fn: f.Function, file: relTo(root, f.File), line: f.Line})
		}
		if !more {
			break
		}
	}
	f, ok := g.serverFrame()
	if !ok {
		return "", 0
	}
	return fmt.Sprintf("%s at %s:%d", shortFunc(f.fn), f.file, f.line), g.todo(root)
}
