package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compareTree is a root with a tiny stage and its reference.
func compareTree(t *testing.T) (root string, st stage) {
	t.Helper()
	root = t.TempDir()
	write := func(path, text string) {
		p := filepath.Join(root, filepath.FromSlash(path))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	write("stage09-x/README.md", "| TODO | where | what |\n|---|---|---|\n| 1 | `serve`, `(*box).push` | the goal |\n| 2 | `gone` | another |\n")
	write("stage09-x/x.go", "package x\n\nfunc serve() int {\n\t// TODO(1): a comment the starter gave.\n\treturn 1\n}\n\n"+
		"type box struct{}\n\nfunc (b *box) push() {\n\tprintln(\"mine\")\n}\n")
	write("solutions/stage09-x/x.go", "package x\n\n// serve is the reference's.\nfunc serve() int {\n\treturn 1\n}\n\n"+
		"type box struct{}\n\nfunc (b *box) push() {\n\tprintln(\"theirs\")\n}\n\nfunc gone() {}\n")
	return root, stage{Num: 9, Dir: "stage09-x", Name: "x"}
}

// TestComparePassing: each TODO's functions, yours against the
// reference's; the same function says so, a kept TODO comment is no
// difference, and a function you do not have is named.
func TestComparePassing(t *testing.T) {
	root, st := compareTree(t)
	var out strings.Builder
	cp := comparer{root: root, out: newPrinter(&out, false), invoke: invocation,
		run: func(context.Context, stage) *stageResult { return &stageResult{Stage: st, Status: passed} }}
	require.Equal(t, 0, cp.compare(context.Background(), st))
	got := out.String()
	t.Log(got)
	assert.Contains(t, got, "TODO(1): the goal")
	assert.Contains(t, got, "serve, at stage09-x/x.go:3: the same as the reference's")
	assert.Contains(t, got, "--- yours: stage09-x/x.go:10   +++ reference: solutions/stage09-x/x.go:10")
	assert.Contains(t, got, "  - \tprintln(\"mine\")\n  + \tprintln(\"theirs\")\n")
	assert.Contains(t, got, "gone: not in your files")
}

// TestCompareNotYet: before the stage passes, nothing of the reference
// is shown, and the student is sent to the hints.
func TestCompareNotYet(t *testing.T) {
	root, st := compareTree(t)
	var out strings.Builder
	cp := comparer{root: root, out: newPrinter(&out, false), invoke: invocation,
		run: func(context.Context, stage) *stageResult {
			return &stageResult{Stage: st, Status: failed, Checks: []*check{{Path: "X/a", Action: "pass"}, {Path: "X/b", Action: "fail"}}}
		}}
	require.Equal(t, 1, cp.compare(context.Background(), st))
	assert.Contains(t, out.String(), "Stage 09 does not pass yet (1 of 2 checks)")
	assert.Contains(t, out.String(), "go run ./workbook -stage 9 -hint")
	assert.NotContains(t, out.String(), "theirs")
}

func TestDiffLines(t *testing.T) {
	got := diffLines([]string{"a", "b", "c"}, []string{"a", "x", "c", "d"})
	assert.Equal(t, []diffLine{{' ', "a"}, {'-', "b"}, {'+', "x"}, {' ', "c"}, {'+', "d"}}, got)
}
