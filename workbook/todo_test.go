package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTodoBlock: the comment shown for a TODO is its whole block, up to
// the next line that starts a TODO; a line that only names another TODO
// ("TODO(4) starts a writer…") belongs to the block it is in.
func TestTodoBlock(t *testing.T) {
	root := t.TempDir()
	src := `package x

// TODO(5): in ping-pong every message is a burst of one, so the design of
// TODO(4) starts a writer goroutine and hands over to it for every single
// message. Do the write at once:
//   - if the counter is not 0, queue the chunk as in TODO(4);
//   - else write now.
//
// TODO(6): something else.
func echo() {}
`
	require.NoError(t, os.WriteFile(filepath.Join(root, "x.go"), []byte(src), 0o644))
	ref := locateTodo(root, 5, "x.go")
	require.Equal(t, 3, ref.Line)
	require.Len(t, ref.Text, 5, "the block ends before TODO(6), its blank line left out:\n%s", strings.Join(ref.Text, "\n"))
	require.Equal(t, "// TODO(4) starts a writer goroutine and hands over to it for every single", ref.Text[1])
	lines, more := ref.Shown()
	require.Len(t, lines, 5)
	require.Zero(t, more)
}

// TestTodoCut: a TODO longer than fits is cut after a line that ends a
// sentence or an item, and says how many lines follow.
func TestTodoCut(t *testing.T) {
	var b strings.Builder
	b.WriteString("package x\n\n// TODO(2): first sentence.\n")
	for i := range 20 {
		if i == 7 {
			b.WriteString("// ends an item;\n")
			continue
		}
		b.WriteString("// goes on and on\n")
	}
	b.WriteString("func f() {}\n")
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "x.go"), []byte(b.String()), 0o644))
	ref := locateTodo(root, 2, "x.go")
	require.Len(t, ref.Text, 21)
	lines, more := ref.Shown()
	require.Len(t, lines, 9, "cut after the line that ends an item")
	require.Equal(t, "// ends an item;", lines[8])
	require.Equal(t, 12, more)

	out := runOpen(ref)
	require.Contains(t, out, "… 12 more lines of TODO(2): read on in x.go:3")
}

// runOpen is what writeOpen prints for a TODO, colour off.
func runOpen(ref todoRef) string {
	var b strings.Builder
	rp := &report{}
	rp.writeOpen(newPrinter(&b, false), ref)
	return b.String()
}

// TestTodoBlocksOfStage06: stage 06's long TODOs are read whole, and
// TODO(5) is not cut short by its second line, which begins with TODO(4).
func TestTodoBlocksOfStage06(t *testing.T) {
	root := repoRoot(t)
	const file = "stage06-perf/perf.go"
	if !fileExists(filepath.Join(root, file)) {
		t.Skip("no " + file)
	}
	for n := 1; n <= 5; n++ {
		ref := locateTodo(root, n, file)
		require.NotZero(t, ref.Line, "TODO(%d)", n)
		lines, more := ref.Shown()
		t.Logf("TODO(%d): %d lines, %d shown, %d more", n, len(ref.Text), len(lines), more)
		require.LessOrEqual(t, len(lines), maxTodoLines)
		require.Zero(t, more, "stage 06's TODOs ask in three lines (its Guidance); TestTodoCut covers a long one")
	}
}
