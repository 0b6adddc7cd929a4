package stagedoc

import (
	"os"
	"path/filepath"
	"slices"
)

// TodoOf is the TODO that the code at line of file belongs to, and the
// function there: a TODO(n) comment in or just above the function; once
// the student has deleted those, the row of the README next to file whose
// TODO table names the function; and for a method of a helper type the
// student wrote, the TODO of the function that builds its values (or of
// the one that calls that builder). todo is 0 when nothing says, or the
// file cannot be read.
func TodoOf(file string, line int) (todo int, fn string) {
	return TodoOfFrame(file, line, "")
}

// TodoOfFrame is TodoOf for a frame of a stack that calls callee (the
// next frame in, "" if none): a frame at a function's closing brace is
// running one of its deferred calls, and belongs to the TODO of the defer
// statement that calls callee.
func TodoOfFrame(file string, line int, callee string) (todo int, fn string) {
	todo, fn, _ = TodoOfFrameHow(file, line, callee)
	return todo, fn
}

// TodoOfFrameHow is TodoOfFrame, and says whether the TODO was inferred:
// the function holds none itself and the README does not name it, so the
// TODO is that of the code that builds its receiver. Such a function may
// be one the student wrote, or one written for them: a report should not
// claim it as the student's.
func TodoOfFrameHow(file string, line int, callee string) (todo int, fn string, inferred bool) {
	src, err := os.ReadFile(file)
	if err != nil {
		return 0, "", false
	}
	parsed := Parse(file, src)
	if callee != "" {
		line = parsed.DeferredAt(line, callee)
	}
	todo, fn, ok := parsed.TodoAt(line)
	if ok || fn == "" {
		return todo, fn, false
	}
	var rows []TodoRow
	if md, err := os.ReadFile(filepath.Join(filepath.Dir(file), "README.md")); err == nil {
		rows = TodoTable(string(md))
	}
	own := func(name string) int {
		if n := parsed.FuncTodo(name); n != 0 {
			return n
		}
		return TodoOfFunc(rows, name)
	}
	if n := own(fn); n != 0 {
		return n, fn, false
	}
	n := parsed.Owner(fn, own)
	return n, fn, n != 0
}

// TodosOfFunc lists every TODO whose comment is in or just above the
// function called fn in file, in the order they appear: a function may
// hold several, and which one a line belongs to is then a guess that
// other evidence (the check that was running) can settle.
func TodosOfFunc(file, fn string) []int {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var out []int
	for _, c := range Parse(file, src).Comments {
		if c.Func == fn && !slices.Contains(out, c.N) {
			out = append(out, c.N)
		}
	}
	return out
}
