package limitstest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/proc"
)

// Two mistakes look, from the network, exactly like others: a slot given
// back the moment the handler starts is a server with no limit at all,
// and a client turned away and then served anyway leaves no trace but in
// the log. These read what the network cannot show, so that the report
// points at the TODO that holds the mistake.

// releasedAtOnce reports whether the student's serveConn calls release
// outright, not through defer: the slot comes back before the handler
// has even started.
func releasedAtOnce() bool {
	path := filepath.Join(proc.WorkspaceRoot(), filepath.FromSlash(Manifest.Stage.File))
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return false
	}
	found := false
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != "serveConn" || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.DeferStmt:
				return false // a deferred release is the right one
			case *ast.ExprStmt:
				if call, ok := n.X.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "release" {
						found = true
					}
				}
			}
			return true
		})
	}
	return found
}

// rejectedRemote finds, in the server's log, a line "rejected" and a line
// "connected" for the same client: turned away, then served all the same.
var logRemote = regexp.MustCompile(`msg=(rejected|connected) remote=(\S+)`)

// rejectedThenServed reports whether log holds a client both rejected and
// served.
func rejectedThenServed(log string) bool {
	seen := map[string]map[string]bool{}
	for _, m := range logRemote.FindAllStringSubmatch(log, -1) {
		if seen[m[2]] == nil {
			seen[m[2]] = map[string]bool{}
		}
		seen[m[2]][m[1]] = true
		if seen[m[2]]["rejected"] && seen[m[2]]["connected"] {
			return true
		}
	}
	return false
}

// diagnoseSlots adds the two readings above to a failure of the limit.
func diagnoseSlots(c *check.T, log *check.Output) {
	c.Note(func() string {
		switch {
		case log != nil && rejectedThenServed(log.String()):
			c.Diagnose(check.Symptom{ID: symptomRejectedServed, Todo: 1, Reading: readingRejectedServed})
		case releasedAtOnce():
			c.Diagnose(check.Symptom{ID: symptomReleasedAtOnce, Todo: 2, Reading: readingReleasedAtOnce})
		}
		return ""
	})
}
