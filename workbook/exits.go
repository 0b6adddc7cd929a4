package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"tcpworkbook/review"
)

// exitCall is a call in the student's package that ends the whole
// process: log.Fatal and its kin, os.Exit. It prints no stack, so the
// source is the only place to find where it was.
type exitCall struct {
	At   place
	Call string // "log.Fatalf", "os.Exit"
	// Says is the literal text of its message, format verbs cut out:
	// the parts a log line it printed must contain.
	Says []string
	// Serving is set when the review's exit-in-handler pitfall flags the
	// call: it is in code that serves one connection, where a client's
	// error reaches it.
	Serving bool
}

// exitFuncs are the calls that end the process without a stack.
var exitFuncs = map[string]bool{"Fatal": true, "Fatalf": true, "Fatalln": true, "Exit": true}

// formatVerb splits a format string into its literal parts.
var formatVerb = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z%]`)

// findExits lists the calls in the stage's own package (its folder's
// .go files, tests left out) that end the process, in file and line
// order, each marked Serving when the review flags it.
func findExits(root string, st stage) []exitCall {
	exits := exitCalls(root, st)
	if len(exits) < 2 {
		return exits // nothing to choose between: spare the review's build
	}
	findings, err := review.Check(root, st.Num)
	if err != nil {
		return exits
	}
	for i := range exits {
		for _, f := range findings {
			if f.Name == "exit-in-handler" && f.File == exits[i].At.File && f.Line == exits[i].At.Line {
				exits[i].Serving = true
			}
		}
	}
	return exits
}

// exitCalls lists the calls of findExits, unmarked.
func exitCalls(root string, st stage) []exitCall {
	files, _ := filepath.Glob(filepath.Join(root, st.Dir, "*.go"))
	sort.Strings(files)
	var out []exitCall
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		f, _ := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
		if f == nil {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !exitFuncs[sel.Sel.Name] {
				return true
			}
			x, _ := sel.X.(*ast.Ident)
			if sel.Sel.Name == "Exit" && (x == nil || x.Name != "os" && x.Name != "syscall") {
				return true // not os.Exit: some other Exit method
			}
			name := sel.Sel.Name
			if x != nil {
				name = x.Name + "." + name
			}
			ec := exitCall{Call: name}
			line := fset.Position(call.Pos()).Line
			ec.At = placeOf(root, st, frame{File: file, Line: line})
			for _, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if v, err := strconv.Unquote(lit.Value); err == nil {
						for _, part := range formatVerb.Split(v, -1) {
							if part = strings.TrimSpace(part); part != "" {
								ec.Says = append(ec.Says, part)
							}
						}
					}
				}
			}
			out = append(out, ec)
			return true
		})
	}
	return out
}

// whichExit picks, of the exit calls, the one that printed the last log
// line: the one whose message's literal parts are all in it. Failing
// that, it is the only call there is, or the only one in code that serves
// a connection, or the first of those, and sure is false.
func whichExit(exits []exitCall, lastLog string) (ec exitCall, sure, ok bool) {
	best, bestLen := -1, 0
	for i, e := range exits {
		n := 0
		for _, part := range e.Says {
			if !strings.Contains(lastLog, part) {
				n = -1
				break
			}
			n += len(part)
		}
		if n > bestLen {
			best, bestLen = i, n
		}
	}
	switch {
	case best >= 0:
		return exits[best], true, true
	case len(exits) == 0:
		return exitCall{}, false, false
	case len(exits) == 1:
		return exits[0], true, true
	}
	for _, e := range exits {
		if e.Serving {
			return e, false, true
		}
	}
	return exits[0], false, true
}
