package chattest

import (
	"fmt"
	"slices"
	"strings"

	"tcpworkbook/kit/proc"
	"tcpworkbook/kit/stacks"
)

// dumpGoroutines takes the stacks of every goroutine in the process. It
// is for in-process servers: their goroutines are this process's.
func dumpGoroutines() []stacks.Goroutine { return stacks.Dump(proc.WorkspaceRoot()) }

// pkg is the package path of the frame's function.
func pkg(f stacks.Frame) string {
	slash := strings.LastIndex(f.Func, "/")
	dot := strings.Index(f.Func[slash+1:], ".")
	if dot < 0 {
		return f.Func
	}
	return f.Func[:slash+1+dot]
}

// short is the function's name without its package and receiver.
func short(f stacks.Frame) string { return f.Func[strings.LastIndex(f.Func, ".")+1:] }

// students reports whether the frame is in the server under test: the
// stage 03 package (or the reference, or its mutants), not this suite or
// a test that runs it.
func students(f stacks.Frame) bool {
	p := pkg(f)
	return strings.Contains(p, "stage03-chat") && !strings.HasSuffix(p, "/chattest") && !strings.HasSuffix(p, "_test")
}

// writing reports whether the frame is a write to a connection.
func writing(f stacks.Frame) bool {
	return strings.HasPrefix(f.Func, "internal/poll.(*FD).Write") || strings.HasPrefix(f.Func, "net.(*conn).Write")
}

// writeUnderLock looks for a goroutine of the server's that is blocked
// writing to a connection from inside broadcast or broadcastLocked, which
// run with s.mu held. It returns a reading for the report, or "".
func writeUnderLock(gs []stacks.Goroutine) string {
	waiting := 0
	for _, g := range gs {
		if strings.Contains(g.State, "Mutex.Lock") || strings.Contains(g.State, "semacquire") {
			for _, f := range g.Frames {
				if students(f) {
					waiting++
					break
				}
			}
		}
	}
	for _, g := range gs {
		wrote, inner := false, stacks.Frame{}
		for _, f := range g.Frames {
			switch {
			case writing(f):
				wrote = true
			case wrote && inner.Func == "" && students(f):
				inner = f
			}
			if wrote && students(f) && (short(f) == "broadcast" || short(f) == "broadcastLocked") {
				where := fmt.Sprintf("in %s at %s", short(inner), inner.At())
				if inner != f {
					where += fmt.Sprintf(", called from %s at %s", short(f), f.At())
				}
				reading := fmt.Sprintf(readWriteUnderLock, g.State, where, short(f))
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
func lockLeaked(gs []stacks.Goroutine) string {
	var where []string
	for _, g := range gs {
		i := slices.IndexFunc(g.Frames, students)
		if i < 0 {
			continue
		}
		f := g.Frames[i]
		switch {
		case strings.Contains(g.State, "Mutex.Lock") || strings.Contains(g.State, "semacquire"):
			if at := fmt.Sprintf("%s at %s", short(f), f.At()); !slices.Contains(where, at) {
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
func idle(g stacks.Goroutine) bool {
	switch {
	case strings.Contains(g.State, "IO wait"):
		return !slices.ContainsFunc(g.Frames, writing)
	case strings.Contains(g.State, "chan receive"), strings.Contains(g.State, "select"):
		return slices.ContainsFunc(g.Frames, func(f stacks.Frame) bool { return students(f) && short(f) == "take" })
	}
	return false
}
