package main

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"tcpworkbook/kit/stacks"
	"tcpworkbook/kit/stagedoc"
)

// frame is one call of a Go stack, as a panic or the race detector
// prints it, its file as printed: usually an absolute path.
type frame = stacks.Frame

// parseFrames reads the frames in lines, in order (see stacks.ParseFrames).
func parseFrames(lines []string) []frame { return stacks.ParseFrames(lines) }

// studentPackage is the import path of a stage's own package, whose
// frames are the student's code: "tcpworkbook/stage03-chat".
func studentPackage(root string, st stage) string {
	if b, err := os.ReadFile(filepath.Join(root, st.Dir, "go.mod")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if mod, ok := strings.CutPrefix(strings.TrimSpace(l), "module "); ok {
				return strings.TrimSpace(mod)
			}
		}
	}
	return "tcpworkbook/" + st.Dir
}

// isStudent reports whether f is in the stage's own module: its package or
// one below it, in a file of the stage's folder, but not its suite (the
// package named <x>test) and not a test file.
func isStudent(f frame, pkg string) bool {
	rest, ok := strings.CutPrefix(f.Func, pkg)
	// A generic function of the standard library instantiated in the
	// student's code is named after it but lives in GOROOT: the module's
	// own files are under its folder, named like the last part of pkg.
	inFolder := strings.Contains(filepath.ToSlash(f.File), "/"+path.Base(pkg)+"/")
	switch {
	case !ok || !inFolder || strings.HasSuffix(f.File, "_test.go"):
		return false
	case strings.HasPrefix(rest, "."):
		return true
	case !strings.HasPrefix(rest, "/"):
		return false // another module that starts the same: stage01-echo2
	}
	sub, _, _ := strings.Cut(rest[1:], ".")
	return !strings.HasSuffix(path.Base(sub), "test")
}

// relFile is a frame's file relative to the root when it is inside it, or
// else from the stage's folder on ("stage03-chat/chat.go"), as the tree
// where the run was recorded may have been elsewhere.
func relFile(root string, st stage, file string) string {
	if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
		return filepath.ToSlash(rel)
	}
	slash := filepath.ToSlash(file)
	if i := strings.LastIndex(slash, "/"+st.Dir+"/"); i >= 0 {
		return slash[i+1:]
	}
	return slash
}

// place is a line of the student's code and the TODO it belongs to.
type place struct {
	File string // relative to the root
	Line int
	Func string // the declared function holding it: "(*Server).join"
	Todo int    // 0 if none is known
	// Inferred: Todo is that of the code that builds Func's receiver, not
	// Func's own; Func may be code written for the student.
	Inferred bool
	// Go: the frame is the go statement that started the goroutine (a
	// gowrap frame), not a call.
	Go bool
}

// calledFrom says how the code at p reached the frame inward of it:
// "started by" for a go statement, "called from" for a call.
func (p place) calledFrom() string {
	if p.Go {
		return "started by"
	}
	return "called from"
}

// ownTodo reports whether the place's function holds its TODO itself,
// or the README names it: a TODO a report may call the function's own.
func (p place) ownTodo() bool { return p.Todo != 0 && !p.Inferred }

func (p place) String() string { return p.File + ":" + strconv.Itoa(p.Line) }

// placeOf finds the function holding a student frame and its TODO: a
// TODO(n) comment in or just above the function, or else the row of the
// stage README's TODO table that names the function.
func placeOf(root string, st stage, f frame) place {
	p := place{File: relFile(root, st, f.File), Line: f.Line, Go: strings.Contains(f.Func, ".gowrap")}
	p.Todo, p.Func, p.Inferred = stagedoc.TodoOfFrameHow(filepath.Join(root, filepath.FromSlash(p.File)), f.Line, "")
	return p
}
