// Package stacks reads Go's goroutine stacks as runtime.Stack, a panic
// and the race detector print them, into frames a report can name: the
// function, and its file and line relative to the workspace root when the
// file is inside it, as the student's editor names it.
package stacks

import (
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// Frame is one call of a stack.
type Frame struct {
	Func string // with its package path: "tcpworkbook/stage03-chat.(*Server).join"
	File string // relative to the root given to Parse, when inside it
	Line int
}

// At is the frame's place, "file:line".
func (f Frame) At() string { return f.File + ":" + strconv.Itoa(f.Line) }

// Goroutine is one goroutine of a dump: its state and its calls, innermost
// first, up to the "created by" line.
type Goroutine struct {
	ID     int    // as printed: goroutine 17
	State  string // as printed: "chan receive, 2 minutes"
	Frames []Frame
}

// Wait is what the goroutine is doing, its state without how long it has
// been doing it: "chan receive".
func (g Goroutine) Wait() string {
	state, _, _ := strings.Cut(g.State, ",")
	return state
}

// Dump returns every goroutine of this process, files named relative to
// root.
func Dump(root string) []Goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return Parse(string(buf[:n]), root)
		}
		buf = make([]byte, 2*len(buf))
	}
}

// Parse reads a dump of goroutines, blocks separated by blank lines, each
// headed "goroutine N [state]:". Files under root are named relative to
// it; root "" leaves them as printed.
func Parse(dump, root string) []Goroutine {
	var gs []Goroutine
	for block := range strings.SplitSeq(dump, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		head := lines[0]
		open, end := strings.Index(head, "["), strings.LastIndex(head, "]")
		if !strings.HasPrefix(head, "goroutine ") || open < 0 || end < open {
			continue
		}
		frames := ParseFrames(lines[1:])
		for i := range frames {
			frames[i].File = Rel(root, frames[i].File)
		}
		id, _ := strconv.Atoi(strings.TrimSpace(head[len("goroutine "):open]))
		gs = append(gs, Goroutine{ID: id, State: head[open+1 : end], Frames: frames})
	}
	return gs
}

// frameAt matches the second line of a frame: "\t/path/x.go:12 +0x1d".
// A fatal runtime error (out of memory, say) prints each frame with its
// registers too: " +0xf5 fp=0x… sp=0x… pc=0x…".
var frameAt = regexp.MustCompile(`^\s+(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?$`)

// ParseFrames reads the frames in lines, in order, until a line that is
// neither a function nor a location once frames have begun (a blank line
// ends a goroutine), or a "created by" line. Files are named as printed.
func ParseFrames(lines []string) []Frame {
	var out []Frame
	for i := 0; i+1 < len(lines); i++ {
		fn := strings.TrimSpace(lines[i])
		m := frameAt.FindStringSubmatch(lines[i+1])
		if fn == "" || m == nil {
			if fn == "" && len(out) > 0 {
				break
			}
			continue
		}
		if strings.HasPrefix(fn, "created by ") {
			break // who started the goroutine, not where it was
		}
		if j := strings.LastIndexByte(fn, '('); j > 0 {
			fn = fn[:j]
		}
		n, _ := strconv.Atoi(m[2])
		out = append(out, Frame{Func: fn, File: m[1], Line: n})
		i++
	}
	return out
}

// Rel names file relative to root when it is inside it, with slashes.
func Rel(root, file string) string {
	if root == "" {
		return file
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return filepath.ToSlash(rel)
}
