package pitfalls

import (
	"go/ast"
	"go/types"
)

// WriteErrorIgnored finds a write to a connection, or a Flush of a
// bufio.Writer, whose error is thrown away inside a loop that goes on.
var WriteErrorIgnored = newAnalyzer(writeErrorIgnored,
	`find writes to a connection whose error is thrown away while a loop goes on

A failed Write or Flush means the client is gone or stuck: every later write
fails too. A loop that ignores the error keeps reading, queueing and writing
for nobody, and may never end. Return the error (or remember it and stop).

Writes into a bufio.Writer are not reported: it keeps its first error, and
its Flush reports it. Nor is a last write just before a return, such as a
farewell line: the connection is being closed anyway.`,
	runWriteErrorIgnored)

const (
	msgWriteIgnored = "the error of %s is thrown away and the loop goes on: once the client is gone every write fails, and the server works on for nobody"
	// A loop over the room's clients writes to a different one each time
	// round: a failed write means that one client is gone or stuck, not
	// that the loop should end. Drop the client, serve the others.
	// Checked, logged, and the loop goes on all the same.
	msgWriteLogged = "the error of %s is looked at, logged, and the loop goes on: once the client is gone " +
		"every write fails, and the server logs and works on for nobody; return the error (or stop the loop)"
	msgWriteIgnoredEach = "the error of %s is thrown away in a loop over clients: a client that is gone stays, " +
		"and every later round writes to it for nothing; when a write fails, drop that client " +
		"(close its connection, remove it) and go on with the others"
)

func runWriteErrorIgnored(c *checker) {
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		walkStack(body, func(n ast.Node, stack []ast.Node) {
			if is, ok := n.(*ast.IfStmt); ok && len(loops(stack)) > 0 {
				c.checkedOnly(is, stack)
				return
			}
			es, ok := n.(*ast.ExprStmt)
			if !ok || len(loops(stack)) == 0 {
				return
			}
			call, ok := ast.Unparen(es.X).(*ast.CallExpr)
			if !ok || !c.isIgnorableWrite(call) {
				return
			}
			if next := nextStmt(stack[len(stack)-1], es); next != nil && c.sum.leaves(next) {
				return
			}
			if c.farewell(es, call, stack) {
				return
			}
			msg := msgWriteIgnored
			if c.eachClient(call, loops(stack)[0]) {
				msg = msgWriteIgnoredEach
			}
			c.report(call, 0, msg, c.name(call.Fun))
		})
	})
}

// checkedOnly reports a write whose error is tested and then only logged:
// if _, err := conn.Write(b); err != nil { log…(err) } with no way out of
// the loop. Looking at the error is not handling it: the loop goes on
// writing for nobody just the same. A continue is no way out: the loop
// goes on.
func (c *checker) checkedOnly(is *ast.IfStmt, stack []ast.Node) {
	as, ok := is.Init.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || !c.isIgnorableWrite(call) {
		return
	}
	errVar, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok || errVar.Name == "_" || !isNotNil(is.Cond, errVar.Name) || is.Else != nil {
		return
	}
	if n := len(is.Body.List); (n > 0 && c.sum.leaves(is.Body.List[n-1])) || c.stops(is.Body) {
		return
	}
	msg := msgWriteLogged
	if c.eachClient(call, loops(stack)[0]) {
		msg = msgWriteIgnoredEach
	}
	c.report(call, 0, msg, c.name(call.Fun))
}

// isNotNil reports whether cond is name != nil.
func isNotNil(cond ast.Expr, name string) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || be.Op.String() != "!=" {
		return false
	}
	x, ok1 := be.X.(*ast.Ident)
	y, ok2 := be.Y.(*ast.Ident)
	return ok1 && ok2 && x.Name == name && y.Name == "nil"
}

// stops reports whether a block does anything about the error beyond
// logging it: leaves, closes something, or assigns (remembers it, or
// marks the client gone).
func (c *checker) stops(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ReturnStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt:
			found = true
		case *ast.BranchStmt:
			found = found || n.Tok.String() == "break" || n.Tok.String() == "goto"
		case *ast.CallExpr:
			if _, name := method(c.pass.TypesInfo, n); name == "Close" || name == "Delete" || name == "Cancel" {
				found = true
			}
			if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "delete" || id.Name == "panic") {
				found = true
			}
		}
		return !found
	})
	return found
}

// farewell reports whether the write es makes is a last word to a client
// that the loop is done with: the block closes the connection after it,
// or the connection is the loop's own variable, a new one each time round
// (an accept loop telling a client it is busy). Then the loop does not go
// on writing to it, whatever the error.
func (c *checker) farewell(es *ast.ExprStmt, call *ast.CallExpr, stack []ast.Node) bool {
	target := c.writeTarget(call)
	if target == nil {
		return false
	}
	if body := loopBody(loops(stack)[0]); body.Pos() <= target.Pos() && target.Pos() < body.End() {
		return true
	}
	list, _ := stmtList(stack[len(stack)-1])
	for _, st := range after(list, es) {
		closed := false
		inspectBody(st, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if recv, name := method(c.pass.TypesInfo, call); name == "Close" && objOf(c.pass.TypesInfo, recv) == target {
					closed = true
				}
			}
			return !closed
		})
		if closed {
			return true
		}
	}
	return false
}

// eachClient reports whether call writes to another connection each time
// round loop: one reached through the loop's range variables, as c.conn
// in for _, c := range s.clients, or clients[i] in for i := range clients.
func (c *checker) eachClient(call *ast.CallExpr, loop ast.Stmt) bool {
	rs, ok := loop.(*ast.RangeStmt)
	if !ok {
		return false
	}
	vars := map[types.Object]bool{}
	for _, e := range []ast.Expr{rs.Key, rs.Value} {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			vars[c.pass.TypesInfo.ObjectOf(id)] = true
		}
	}
	dest := c.writeDest(call)
	if dest == nil || len(vars) == 0 {
		return false
	}
	found := false
	ast.Inspect(dest, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && vars[c.pass.TypesInfo.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

// writeDest returns the expression a write goes to: the receiver of
// conn.Write or w.Flush, the first argument of io.WriteString or
// fmt.Fprintf.
func (c *checker) writeDest(call *ast.CallExpr) ast.Expr {
	if recv, _ := method(c.pass.TypesInfo, call); recv != nil {
		return recv
	}
	if len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// writeTarget returns the variable (or field) a write goes to.
func (c *checker) writeTarget(call *ast.CallExpr) types.Object {
	return objOf(c.pass.TypesInfo, c.writeDest(call))
}

// isIgnorableWrite reports whether call writes to a stream that may be a
// connection and returns an error that matters: conn.Write, w.Flush,
// io.WriteString(conn, s), fmt.Fprintf(conn, ...), io.Copy(conn, r).
func (c *checker) isIgnorableWrite(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if recv, name := method(info, call); recv != nil {
		t := info.TypeOf(recv)
		switch name {
		case "Flush":
			return isBufio(t, "Writer") || isBufio(t, "ReadWriter")
		case "Write", "WriteString":
			return c.isUnbufferedStream(recv)
		}
		return false
	}
	fn := calleeFunc(info, call)
	// Only on a connection for sure: an io.Writer handed to a function
	// that prints is as often a terminal or a log as a client.
	if isFunc(fn, "io", "WriteString", "Copy", "CopyN", "CopyBuffer") || isFunc(fn, "fmt", "Fprint", "Fprintf", "Fprintln") {
		return len(call.Args) > 0 && c.isUnbufferedStream(call.Args[0]) && c.idx.streamLevel(call.Args[0]) == isStream
	}
	return false
}

// isUnbufferedStream reports whether e may be a connection, and is not a
// bufio.Writer (whose write errors wait for Flush).
func (c *checker) isUnbufferedStream(e ast.Expr) bool {
	t := c.pass.TypesInfo.TypeOf(e)
	if isBufio(t, "Writer") || isBufio(t, "ReadWriter") || inMemory(t) {
		return false
	}
	return c.idx.streamLevel(e) >= maybeStream
}
