package check

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"tcpworkbook/kit/proc"
	"tcpworkbook/kit/stacks"
	"tcpworkbook/kit/stagedoc"
)

// A server that does not return when told to stop is nearly always
// waiting for one of its own goroutines: a handler blocked for ever, or a
// Serve waiting for such a handler. The report then shows where the
// server's goroutines wait, at the student's own line, and points at the
// TODO of the function they wait in.

// serverFrame is g's innermost frame in the server's code: the
// workspace's, but not the harness's or a suite's.
func serverFrame(g stacks.Goroutine) (stacks.Frame, bool) {
	for _, f := range g.Frames {
		if isServerCode(f.Func) {
			return f, true
		}
	}
	return stacks.Frame{}, false
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
func stuckReport(gs []stacks.Goroutine, root string) (detail string, todo int, kind stuckKind) {
	count := map[string]int{}
	var order []string
	release, spinning := false, false
	for _, g := range gs {
		f, ok := serverFrame(g)
		if !ok {
			continue
		}
		doing := "waiting (" + g.Wait() + ")"
		if spins(g) {
			doing = "not waiting but running (" + g.Wait() + "): a loop that never ends?"
			if !spinning {
				spinning = true
				todo = goroutineTodo(g, root) // the loop is the mistake, whatever else waits for it
			}
		}
		where := fmt.Sprintf("%s at %s:%d, %s", shortFunc(f.Func), f.File, f.Line, doing)
		if count[where] == 0 {
			order = append(order, where)
		}
		count[where]++
		if todo == 0 {
			todo = goroutineTodo(g, root)
		}
		if g.Wait() == "chan receive" && strings.HasSuffix(f.Func, ".release") {
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

// spins reports whether g was running, not waiting, when the stacks
// were taken: seconds after its server was told to stop, a goroutine of
// the server's that is still not waiting on anything is going round a
// loop that does not end.
func spins(g stacks.Goroutine) bool {
	return g.Wait() == "runnable" || g.Wait() == "running"
}

// goroutineTodo is the TODO of the innermost frame of g in the server's code whose
// function holds one, or 0. That code is the stage's file, usually; a
// student's other files, or a mutant's, count too when they say.
func goroutineTodo(g stacks.Goroutine, root string) int {
	for i := range g.Frames {
		if n, _, ok := frameTodo(g, i, root); ok && n != 0 {
			return n
		}
	}
	return 0
}

// frameTodo is the TODO of frame i of g and its function, with ok false
// when the frame is not the server's code. A frame at a function's
// closing brace is running a deferred call: the next frame in says which.
func frameTodo(g stacks.Goroutine, i int, root string) (todo int, fn string, ok bool) {
	f := g.Frames[i]
	if !isServerCode(f.Func) {
		return 0, "", false
	}
	callee := ""
	if i > 0 {
		callee = g.Frames[i-1].Func
	}
	todo, fn = stagedoc.TodoOfFrame(filepath.Join(root, filepath.FromSlash(f.File)), f.Line, callee)
	return todo, fn, true
}

// NoteSpinning arranges that, if the case fails while a goroutine of
// the in-process server is spinning (seen running, runnable or in a
// system call in each of a few looks, never waiting), the report names
// where it runs and points at the TODO of its code, as symptom id with
// the reading given. A server in another process shows nothing here.
func (c *T) NoteSpinning(id, reading string) {
	c.Note(func() string {
		g, ok := spinningGoroutine()
		if !ok {
			return ""
		}
		root := proc.WorkspaceRoot()
		f, _ := serverFrame(g)
		c.Diagnose(Symptom{ID: id, Todo: goroutineTodo(g, root), Reading: reading})
		return fmt.Sprintf("%s at %s:%d was running, not waiting, each time the harness looked.", shortFunc(f.Func), f.File, f.Line)
	})
}

// spinningGoroutine finds a goroutine of the server's that is busy in each
// of three looks 10 ms apart.
func spinningGoroutine() (stacks.Goroutine, bool) {
	busy := func(g stacks.Goroutine) bool { return spins(g) || g.Wait() == "syscall" }
	var last map[int]stacks.Goroutine
	for look := range 3 {
		now := map[int]stacks.Goroutine{}
		for _, g := range stacks.Dump(proc.WorkspaceRoot()) {
			if _, ok := serverFrame(g); ok && busy(g) && (look == 0 || last[g.ID].ID == g.ID) {
				now[g.ID] = g
			}
		}
		if len(now) == 0 {
			return stacks.Goroutine{}, false
		}
		last = now
		if look < 2 {
			t := time.NewTimer(10 * time.Millisecond)
			<-t.C
		}
	}
	for _, g := range last {
		return g, true
	}
	return stacks.Goroutine{}, false
}

// serverTodos are the TODOs of every frame of the server's code in gs: of
// each function, all it holds, and the TODO inferred for a helper. A
// stuck or spinning server's first goroutine names one TODO; the case
// that was running may know better, if its own is among these.
func serverTodos(gs []stacks.Goroutine, root string) map[int]bool {
	out := map[int]bool{}
	for _, g := range gs {
		for i, f := range g.Frames {
			n, fn, ok := frameTodo(g, i, root)
			if !ok {
				continue
			}
			if n != 0 {
				out[n] = true
			}
			for _, m := range stagedoc.TodosOfFunc(filepath.Join(root, filepath.FromSlash(f.File)), fn) {
				out[m] = true
			}
		}
	}
	return out
}

// Blame says where in the server's code a stack runs, given as program
// counters (runtime.Callers, or a memory profile's record), and which TODO
// holds that code: the innermost frame in the stage's file whose function
// holds a TODO. where names the innermost frame of the server's code,
// "fn at file:line"; both are empty when no frame is the server's.
func (c *T) Blame(pcs []uintptr) (where string, todo int) {
	root := proc.WorkspaceRoot()
	var g stacks.Goroutine
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" {
			g.Frames = append(g.Frames, stacks.Frame{Func: f.Function, File: stacks.Rel(root, f.File), Line: f.Line})
		}
		if !more {
			break
		}
	}
	f, ok := serverFrame(g)
	if !ok {
		return "", 0
	}
	return fmt.Sprintf("%s at %s:%d", shortFunc(f.Func), f.File, f.Line), goroutineTodo(g, root)
}
