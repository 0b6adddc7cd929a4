package check

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"tcpworkbook/kit/proc"
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
// waits in a function of the stage's file. It returns "" when no goroutine
// runs the server's code.
func stuckReport(gs []stuckGoroutine, st Stage, root string) (detail string, todo int, release bool) {
	count := map[string]int{}
	var order []string
	for _, g := range gs {
		f, ok := g.serverFrame()
		if !ok {
			continue
		}
		where := fmt.Sprintf("%s at %s:%d, waiting (%s)", shortFunc(f.fn), f.file, f.line, g.state)
		if count[where] == 0 {
			order = append(order, where)
		}
		count[where]++
		if todo == 0 {
			todo = g.todo(st, root)
		}
		if g.state == "chan receive" && strings.HasSuffix(f.fn, ".release") {
			release = true
		}
	}
	if len(order) == 0 {
		return "", 0, false
	}
	var b strings.Builder
	b.WriteString("The server's goroutines still running, and where they wait:")
	for _, w := range order {
		fmt.Fprintf(&b, "\n  %d × %s", count[w], w)
	}
	return b.String(), todo, release
}

// todo is the TODO of the innermost frame of g in the stage's file whose
// function holds one, or 0.
func (g stuckGoroutine) todo(st Stage, root string) int {
	for _, f := range g.frames {
		if f.file != st.File {
			continue
		}
		if n := todoAt(filepath.Join(root, filepath.FromSlash(f.file)), f.line); n != 0 {
			return n
		}
	}
	return 0
}

var todoMark = regexp.MustCompile(`TODO\((\d+)\)`)

// todoAt is the TODO of the function of file that holds line: the
// nearest TODO(n) comment above line inside it (or in its doc comment),
// else the first below. 0 when the function holds none, or the file
// cannot be read.
func todoAt(file string, line int) int {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		return 0
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		from, to := fset.Position(fn.Pos()).Line, fset.Position(fn.End()).Line
		if fn.Doc != nil {
			from = fset.Position(fn.Doc.Pos()).Line
		}
		if line < from || line > to {
			continue
		}
		return nearestTodo(fset, f.Comments, from, to, line)
	}
	return 0
}

// nearestTodo picks, among the TODO marks in comments between lines from
// and to, the last one at or above line, or else the first.
func nearestTodo(fset *token.FileSet, groups []*ast.CommentGroup, from, to, line int) int {
	above, below := 0, 0
	for _, g := range groups {
		for _, c := range g.List {
			at := fset.Position(c.Pos()).Line
			if at < from || at > to {
				continue
			}
			m := todoMark.FindStringSubmatch(c.Text)
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[1])
			switch {
			case at <= line:
				above = n
			case below == 0:
				below = n
			}
		}
	}
	if above != 0 {
		return above
	}
	return below
}
