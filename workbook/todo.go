package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"tcpworkbook/kit/stagedoc"
)

// todoRef is the TODO a failure points at.
type todoRef struct {
	N    int
	File string   // as the suite names it, relative to the root
	Line int      // 0 if the comment is no longer in the file
	Text []string // the whole comment block that starts with TODO(n), trimmed
	Read bool     // the file could be read
}

// maxTodoLines bounds how much of a TODO comment is shown under "Open":
// with the failure and a hint it must fit a 40-row terminal. A longer
// comment is cut at the end of a sentence and says how much follows.
const maxTodoLines = 12

// Shown is the part of the comment to show, and how many lines of it
// are left out. A comment that fits is shown whole; a longer one is cut
// after the last line, among the first maxTodoLines-2, that ends a
// sentence or an item, so that the reader never stops mid-sentence
// without knowing it.
func (t todoRef) Shown() (lines []string, more int) {
	if len(t.Text) <= maxTodoLines {
		return t.Text, 0
	}
	cut := maxTodoLines - 2
	for k := cut; k > maxTodoLines/2; k-- {
		if endsSentence(t.Text[k-1]) {
			cut = k
			break
		}
	}
	return t.Text[:cut], len(t.Text) - cut
}

// endsSentence reports whether a comment line ends a sentence or a list
// item.
func endsSentence(l string) bool {
	l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "//"))
	return strings.HasSuffix(l, ".") || strings.HasSuffix(l, ";") || strings.HasSuffix(l, ":")
}

func (t todoRef) Location() string {
	if t.Line == 0 {
		return t.File
	}
	return fmt.Sprintf("%s:%d", t.File, t.Line)
}

// The test attributes a failing check records (kit/check: AttrTodo,
// AttrTodoFile, AttrSymptom). They are spelled out here rather than
// imported so that a saved run reads the same whatever the kit says.
const (
	attrTodo     = "todo"
	attrTodoFile = "todo-file"
	attrSymptom  = "symptom"
	attrTraffic  = "traffic"
)

// nextStep matches the line every suite ends a failure with. It is only a
// fallback, for output recorded before the suites wrote their TODO as
// test attributes: the attributes are what the command reads first.
var nextStep = regexp.MustCompile(`Next step: open TODO\((\d+)\) in (\S+?)(?::\s|:$|\s|$)`)

// pointer is the TODO number and file a failed check points at: its
// "todo" and "todo-file" attributes, or else the last "Next step" line of
// msg. ok is false when neither names one.
func pointer(c *check, msg string) (n int, file string, ok bool) {
	if c != nil {
		if v, err := strconv.Atoi(c.Attr(attrTodo)); err == nil && c.Attr(attrTodoFile) != "" {
			return v, c.Attr(attrTodoFile), true
		}
	}
	all := nextStep.FindAllStringSubmatch(msg, -1)
	if all == nil {
		return 0, "", false
	}
	m := all[len(all)-1]
	n, _ = strconv.Atoi(m[1])
	return n, strings.TrimSuffix(m[2], "."), true
}

// findTodo finds the TODO a failed check points at in its file under root.
func findTodo(root string, c *check, msg string) (todoRef, bool) {
	n, file, ok := pointer(c, msg)
	if !ok {
		return todoRef{}, false
	}
	return locateTodo(root, n, file), true
}

// locateTodo finds the comment of TODO(n) in file, relative to root.
func locateTodo(root string, n int, file string) todoRef {
	ref := todoRef{N: n, File: file}
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(ref.File)))
	if err != nil {
		return ref
	}
	defer f.Close()
	ref.Read = true
	want := fmt.Sprintf("TODO(%d)", n)
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	// The first comment line that starts with the TODO ("// TODO(6): …")
	// is the place; then the first comment that names it ("… dropped
	// (TODO(6))", a doc comment mentioning it); code that only mentions
	// it, such as "_ = pool // for TODO(1)" or a message naming it, is
	// where to look only when no such comment exists.
	at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "// "+want) })
	if at < 0 {
		at = slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "//") && strings.Contains(l, want) })
	}
	if at < 0 {
		at = slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, want) })
	}
	if at < 0 {
		return ref
	}
	ref.Line, ref.Text = at+1, []string{lines[at]}
	// The comment goes on while its lines do, up to the next line that
	// starts a TODO: a line that only names one ("TODO(4) starts a
	// writer…") is part of it. Blank comment lines at its end are not.
	if !strings.HasPrefix(ref.Text[0], "//") {
		return ref
	}
	for _, text := range lines[at+1:] {
		if !strings.HasPrefix(text, "//") {
			break
		}
		if _, ok := stagedoc.Marker(text); ok {
			break
		}
		ref.Text = append(ref.Text, text)
	}
	for len(ref.Text) > 1 && strings.TrimSpace(strings.TrimPrefix(ref.Text[len(ref.Text)-1], "//")) == "" {
		ref.Text = ref.Text[:len(ref.Text)-1]
	}
	return ref
}
