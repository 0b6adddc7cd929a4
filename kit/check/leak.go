package check

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.uber.org/goleak"

	"tcpworkbook/kit/proc"
	"tcpworkbook/kit/stacks"
)

// Mark is a snapshot of the goroutines running at one moment.
type Mark struct {
	opt goleak.Option
	ids map[int]bool // for Settle
}

// Goroutines takes a snapshot to compare against later with ExpectNoNewGoroutines.
func (c *T) Goroutines() Mark {
	ids := map[int]bool{}
	for _, g := range stacks.Dump("") {
		ids[g.ID] = true
	}
	return Mark{opt: goleak.IgnoreCurrent(), ids: ids}
}

// ExpectNoNewGoroutines stops the case if goroutines that started after m
// are still running. It retries for a while first, since a handler may
// need a moment to notice that its client has gone.
func (c *T) ExpectNoNewGoroutines(m Mark, why string) {
	c.Helper()
	err := goleak.Find(m.opt)
	if err == nil {
		return
	}
	c.Fatalf("%s", c.report(failure{
		headline: why + ", but goroutines that started during this case are still running",
		detail:   "Still running:\n" + summarizeLeaks(err.Error()),
	}))
}

var (
	leakHead = regexp.MustCompile(`Goroutine \d+ in state ([^,]+), with (\S+) on top of the stack`)
)

// summarizeLeaks groups goleak's report by where each goroutine is stuck,
// so that a hundred identical leaks read as one line. Each line names the
// first frame in code of the workspace (the student's, usually) before
// the library call it waits in: "handle at stage01-echo/echo.go:52,
// waiting (IO wait) in internal/poll.runtime_pollWait", not the runtime's
// own file and line.
func summarizeLeaks(report string) string {
	count := map[string]int{}
	var order []string
	heads := leakHead.FindAllStringSubmatchIndex(report, -1)
	for k, h := range heads {
		end := len(report)
		if k+1 < len(heads) {
			end = heads[k+1][0]
		}
		frames := stacks.ParseFrames(strings.Split(report[h[1]:end], "\n"))
		where := leakWhere(report[h[2]:h[3]], report[h[4]:h[5]], frames)
		if count[where] == 0 {
			order = append(order, where)
		}
		count[where]++
	}
	var b strings.Builder
	for _, where := range order {
		fmt.Fprintf(&b, "  %d × %s\n", count[where], where)
	}
	return strings.TrimRight(b.String(), "\n")
}

// leakWhere says where a leaked goroutine waits, given its state, the
// function on top of its stack and its frames: its first frame in the
// workspace's own code, with the file relative to the workspace root, and
// the library call it is blocked in when that is a different frame. When
// every frame is the standard library's or a dependency's, it names the
// top frame.
func leakWhere(state, top string, frames []stacks.Frame) string {
	for i, f := range frames {
		if !ownCode(f.Func, f.File) {
			continue
		}
		at := fmt.Sprintf("%s at %s:%d, waiting (%s)", shortFunc(f.Func), stacks.Rel(proc.WorkspaceRoot(), f.File), f.Line, state)
		if i > 0 {
			at += " in " + top
		}
		return at
	}
	if len(frames) > 0 {
		return fmt.Sprintf("%s, waiting (%s) at %s:%d", top, state, frames[0].File, frames[0].Line)
	}
	return fmt.Sprintf("%s, waiting (%s)", top, state)
}

// ownCode reports whether the frame of fn in file is the workspace's code
// rather than the standard library's or a downloaded module's. Standard
// packages have no dot in their first path element; the workspace's
// modules, which have none either, all start with "tcpworkbook/".
func ownCode(fn, file string) bool {
	if strings.HasPrefix(fn, "tcpworkbook/") {
		return true
	}
	// The package path ends at the first dot after the last slash:
	// "net.(*conn).Read" is package net, "example.com/m.F" example.com/m.
	pkg := fn
	slash := strings.LastIndex(pkg, "/")
	if dot := strings.Index(pkg[slash+1:], "."); dot >= 0 {
		pkg = pkg[:slash+1+dot]
	}
	first, _, _ := strings.Cut(pkg, "/")
	if !strings.Contains(first, ".") {
		return false
	}
	return !strings.Contains(file, "/pkg/mod/")
}

// shortFunc drops the import path: "tcpworkbook/stage01-echo.(*Server).handle"
// becomes "(*Server).handle".
func shortFunc(fn string) string {
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		fn = fn[i+1:]
	}
	if _, rest, ok := strings.Cut(fn, "."); ok {
		return rest
	}
	return fn
}

// Settle waits, for a bounded time, until the goroutines started since m
// have ended. It never fails the case: use it to let the server finish with
// one client before the next step, where the outcome is checked elsewhere.
//
// goleak does not count a goroutine in a system call, so Settle also waits
// until no goroutine started since m runs the server's code at all: a
// handler writing its log.Fatal line is in a system call, and the case must
// not end before that handler has ended the process.
func (c *T) Settle(m Mark) {
	_ = goleak.Find(m.opt)
	deadline := time.NewTimer(settleBound)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for newServerGoroutine(m) {
		select {
		case <-deadline.C:
			return
		case <-c.Expired():
			return
		case <-tick.C:
		}
	}
}

// settleBound is how long Settle waits for the server's new goroutines.
const settleBound = 2 * time.Second

// newServerGoroutine reports whether a goroutine that started after m
// runs the server's code.
func newServerGoroutine(m Mark) bool {
	for _, g := range stacks.Dump("") {
		if m.ids[g.ID] {
			continue
		}
		for _, f := range g.Frames {
			if isServerCode(f.Func) {
				return true
			}
		}
	}
	return false
}
