package check

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"go.uber.org/goleak"

	"tcpworkbook/kit/proc"
)

// Mark is a snapshot of the goroutines running at one moment.
type Mark struct{ opt goleak.Option }

// Goroutines takes a snapshot to compare against later with ExpectNoNewGoroutines.
func (c *T) Goroutines() Mark { return Mark{goleak.IgnoreCurrent()} }

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
	leakHead  = regexp.MustCompile(`Goroutine \d+ in state ([^,]+), with (\S+) on top of the stack`)
	leakFrame = regexp.MustCompile(`^(\S+)\(.*\)$`)
	leakAt    = regexp.MustCompile(`^\s+(\S+\.go):(\d+)`)
)

// summarizeLeaks groups goleak's report by where each goroutine is stuck,
// so that a hundred identical leaks read as one line. Each line names the
// first frame in code of the workspace (the student's, usually) before
// the library call it waits in: "handle at stage01-echo/echo.go:52,
// waiting (IO wait) in internal/poll.runtime_pollWait", not the runtime's
// own file and line.
func summarizeLeaks(report string) string {
	type spot struct{ where string }
	count := map[spot]int{}
	var order []spot
	add := func(g *leakedGoroutine) {
		if g == nil {
			return
		}
		s := spot{where: g.where()}
		if count[s] == 0 {
			order = append(order, s)
		}
		count[s]++
	}
	var cur *leakedGoroutine
	for line := range strings.SplitSeq(report, "\n") {
		if m := leakHead.FindStringSubmatch(line); m != nil {
			add(cur)
			cur = &leakedGoroutine{state: m[1], top: m[2]}
			continue
		}
		if cur == nil || cur.created {
			continue
		}
		if strings.HasPrefix(line, "created by ") {
			cur.created = true
			continue
		}
		if m := leakFrame.FindStringSubmatch(line); m != nil {
			cur.fn = m[1]
			continue
		}
		if m := leakAt.FindStringSubmatch(line); m != nil {
			cur.frames = append(cur.frames, leakFrameAt{fn: cur.fn, file: m[1], line: m[2]})
		}
	}
	add(cur)
	var b strings.Builder
	for _, s := range order {
		fmt.Fprintf(&b, "  %d × %s\n", count[s], s.where)
	}
	return strings.TrimRight(b.String(), "\n")
}

// leakedGoroutine is one goroutine of goleak's report.
type leakedGoroutine struct {
	state, top string
	fn         string // the function of the frame being read
	frames     []leakFrameAt
	created    bool // past "created by": the rest is the creator's
}

type leakFrameAt struct{ fn, file, line string }

// where says where the goroutine waits: its first frame in the
// workspace's own code, with the file relative to the workspace root, and
// the library call it is blocked in when that is a different frame. When
// every frame is the standard library's or a dependency's, it names the
// top frame.
func (g *leakedGoroutine) where() string {
	for i, f := range g.frames {
		if !ownCode(f.fn, f.file) {
			continue
		}
		at := fmt.Sprintf("%s at %s:%s, waiting (%s)", shortFunc(f.fn), relToRoot(f.file), f.line, g.state)
		if i > 0 {
			at += " in " + g.top
		}
		return at
	}
	if len(g.frames) > 0 {
		return fmt.Sprintf("%s, waiting (%s) at %s:%s", g.top, g.state, g.frames[0].file, g.frames[0].line)
	}
	return fmt.Sprintf("%s, waiting (%s)", g.top, g.state)
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

// relToRoot shows file relative to the workspace root when it is inside it.
func relToRoot(file string) string {
	root := proc.WorkspaceRoot()
	if root == "" {
		return file
	}
	if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return file
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
func (c *T) Settle(m Mark) { _ = goleak.Find(m.opt) }
