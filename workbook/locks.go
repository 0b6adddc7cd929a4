package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
)

// The race detector does not say which locks each side of a race held,
// only where each access was. The source does: a side holds a lock when
// one of its frames in the student's code is at a line after a Lock() on
// some mutex, with no Unlock() of it in between. A function named
// …Locked is meant to run under its caller's lock, but whether it did is
// for the caller's frame to say: a student may call it without.

// lockFiles caches the parsed files a race report's frames are in.
type lockFiles struct {
	root  string
	fset  *token.FileSet
	files map[string]*ast.File // by root-relative path; nil if unreadable
}

func newLockFiles(root string) *lockFiles {
	return &lockFiles{root: root, fset: token.NewFileSet(), files: map[string]*ast.File{}}
}

func (lf *lockFiles) file(rel string) *ast.File {
	if f, ok := lf.files[rel]; ok {
		return f
	}
	src, err := os.ReadFile(filepath.Join(lf.root, filepath.FromSlash(rel)))
	var f *ast.File
	if err == nil {
		f, _ = parser.ParseFile(lf.fset, rel, src, parser.SkipObjectResolution)
	}
	lf.files[rel] = f
	return f
}

// heldAt is the lock held at a line of the student's code, as written
// there ("s.mu"), or "" if none is.
func (lf *lockFiles) heldAt(at place) string {
	f := lf.file(at.File)
	if f == nil {
		return ""
	}
	body := innermostFunc(lf.fset, f, at.Line)
	if body == nil {
		return ""
	}
	return lockedBefore(lf.fset, body, at.Line)
}

// innermostFunc is the body of the innermost function declaration or
// literal whose body holds line.
func innermostFunc(fset *token.FileSet, f *ast.File, line int) *ast.BlockStmt {
	var best *ast.BlockStmt
	ast.Inspect(f, func(n ast.Node) bool {
		var body *ast.BlockStmt
		switch fn := n.(type) {
		case *ast.FuncDecl:
			body = fn.Body
		case *ast.FuncLit:
			body = fn.Body
		}
		if body == nil {
			return n != nil
		}
		if fset.Position(body.Lbrace).Line <= line && line <= fset.Position(body.Rbrace).Line {
			best = body
			return true
		}
		return false
	})
	return best
}

// lockedBefore is the mutex locked in body before line and not unlocked
// since, or "". Only a Lock or Unlock in a block that also holds line
// counts: an Unlock on an early-return path ("if taken { mu.Unlock();
// return }") leaves the lock held below it. A deferred Unlock runs at
// the return, and closures run elsewhere, so neither counts.
func lockedBefore(fset *token.FileSet, body *ast.BlockStmt, line int) string {
	held := map[string]bool{}
	var order []string
	walk := func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			if !spans(fset, x, line) {
				return false
			}
		case *ast.CallExpr:
			if fset.Position(x.Pos()).Line >= line {
				return false
			}
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok || len(x.Args) != 0 {
				return true
			}
			mu := types.ExprString(sel.X)
			switch sel.Sel.Name {
			case "Lock", "RLock":
				held[mu] = true
				order = append(order, mu)
			case "Unlock", "RUnlock":
				held[mu] = false
			}
		}
		return true
	}
	ast.Inspect(body, walk)
	for i := len(order) - 1; i >= 0; i-- {
		if held[order[i]] {
			return order[i]
		}
	}
	return ""
}

// spans reports whether n's lines hold line.
func spans(fset *token.FileSet, n ast.Node, line int) bool {
	return fset.Position(n.Pos()).Line <= line && line <= fset.Position(n.End()).Line
}
