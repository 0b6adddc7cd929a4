package chattest

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"tcpworkbook/kit/proc"
)

// frame is one call in a goroutine's stack.
type frame struct {
	fn string // the function, with its package path: "tcpworkbook/stage03-chat.(*Server).broadcastLocked"
	at string // file:line
}

// goroutine is one goroutine of a dump: its state and its calls, innermost
// first.
type goroutine struct {
	state  string
	frames []frame
}

// dumpGoroutines takes the stacks of every goroutine in the process. It
// is for in-process servers: their goroutines are this process's.
func dumpGoroutines() []goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return parseStacks(string(buf[:n]), proc.WorkspaceRoot())
		}
		buf = make([]byte, 2*len(buf))
	}
}

// parseStacks reads runtime.Stack's text format. Files under root are
// named relative to it.
func parseStacks(dump, root string) []goroutine {
	var gs []goroutine
	for block := range strings.SplitSeq(dump, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		head := lines[0]
		open, end := strings.Index(head, "["), strings.LastIndex(head, "]")
		if !strings.HasPrefix(head, "goroutine ") || open < 0 || end < open {
			continue
		}
		g := goroutine{state: head[open+1 : end]}
		for i := 1; i+1 < len(lines); i += 2 {
			call, at := lines[i], strings.TrimSpace(lines[i+1])
			if strings.HasPrefix(call, "created by ") {
				break
			}
			if k := strings.LastIndex(call, "("); k > 0 {
				call = call[:k]
			}
			if k := strings.LastIndex(at, " +0x"); k > 0 {
				at = at[:k]
			}
			if rel, err := filepath.Rel(root, at); err == nil && root != "" && !strings.HasPrefix(rel, "..") {
				at = rel // as the student's editor and the report name files
			}
			g.frames = append(g.frames, frame{fn: call, at: at})
		}
		gs = append(gs, g)
	}
	return gs
}

// pkg is the package path of the frame's function.
func (f frame) pkg() string {
	slash := strings.LastIndex(f.fn, "/")
	dot := strings.Index(f.fn[slash+1:], ".")
	if dot < 0 {
		return f.fn
	}
	return f.fn[:slash+1+dot]
}

// short is the function's name without its package and receiver.
func (f frame) short() string { return f.fn[strings.LastIndex(f.fn, ".")+1:] }

// students reports whether the frame is in the server under test: the
// stage 03 package (or the reference, or its mutants), not this suite or
// a test that runs it.
func (f frame) students() bool {
	p := f.pkg()
	return strings.Contains(p, "stage03-chat") && !strings.HasSuffix(p, "/chattest") && !strings.HasSuffix(p, "_test")
}

// writing reports whether the frame is a write to a connection.
func (f frame) writing() bool {
	return strings.HasPrefix(f.fn, "internal/poll.(*FD).Write") || strings.HasPrefix(f.fn, "net.(*conn).Write")
}

// writeUnderLock looks for a goroutine of the server's that is blocked
// writing to a connection from inside broadcast or broadcastLocked, which
// run with s.mu held. It returns a reading for the report, or "".
func writeUnderLock(gs []goroutine) string {
	waiting := 0
	for _, g := range gs {
		if strings.Contains(g.state, "Mutex.Lock") || strings.Contains(g.state, "semacquire") {
			for _, f := range g.frames {
				if f.students() {
					waiting++
					break
				}
			}
		}
	}
	for _, g := range gs {
		wrote, inner := false, frame{}
		for _, f := range g.frames {
			switch {
			case f.writing():
				wrote = true
			case wrote && inner.fn == "" && f.students():
				inner = f
			}
			if wrote && f.students() && (f.short() == "broadcast" || f.short() == "broadcastLocked") {
				where := fmt.Sprintf("in %s at %s", inner.short(), inner.at)
				if inner != f {
					where += fmt.Sprintf(", called from %s at %s", f.short(), f.at)
				}
				reading := fmt.Sprintf(readWriteUnderLock, g.state, where, f.short())
				if waiting > 0 {
					reading += " " + fmt.Sprintf(readLockWaiters, waiting)
				}
				return reading
			}
		}
	}
	return ""
}

// lockLeaked looks for goroutines of the server's that wait for a lock
// while all its other goroutines are idle: readers waiting for input,
// writers waiting for lines, the accept loop. Then no goroutine holds the
// lock to let it go: whoever took it returned without giving it back. It
// returns a reading for the report, or "".
func lockLeaked(gs []goroutine) string {
	var where []string
	for _, g := range gs {
		i := slices.IndexFunc(g.frames, frame.students)
		if i < 0 {
			continue
		}
		f := g.frames[i]
		switch {
		case strings.Contains(g.state, "Mutex.Lock") || strings.Contains(g.state, "semacquire"):
			if at := fmt.Sprintf("%s at %s", f.short(), f.at); !slices.Contains(where, at) {
				where = append(where, at)
			}
		case idle(g):
		default:
			return "" // busy, perhaps holding the lock: a blocked send, a write, a loop
		}
	}
	if len(where) == 0 {
		return ""
	}
	return fmt.Sprintf(readLockLeaked, strings.Join(where, "; "))
}

// idle reports whether g is a server goroutine with nothing to do: reading
// (a client's lines, or the next connection), or a writer waiting for lines.
func idle(g goroutine) bool {
	switch {
	case strings.Contains(g.state, "IO wait"):
		return !slices.ContainsFunc(g.frames, frame.writing)
	case strings.Contains(g.state, "chan receive"), strings.Contains(g.state, "select"):
		return slices.ContainsFunc(g.frames, func(f frame) bool { return f.students() && f.short() == "take" })
	}
	return false
}
