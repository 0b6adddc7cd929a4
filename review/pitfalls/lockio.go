package pitfalls

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// LockHeldAcrossIO finds reads and writes on a connection made while a
// mutex is held: in the function that locks it, or in a function of the
// package that is called with the lock held (such as a broadcastLocked).
var LockHeldAcrossIO = newAnalyzer(lockHeldAcrossIO,
	`find network reads and writes made while a mutex is held

A Write to a client that has stopped reading blocks once the socket's buffer
is full, and a Read blocks until the client sends. Holding a lock meanwhile
makes every goroutine that needs the lock wait for that one client: the
chat room's lag bug, where one slow reader freezes the room. Under a lock,
only queue the data (a channel with room, a bounded outbox); do the I/O
after unlocking, in the connection's own goroutine.`,
	runLockHeldAcrossIO)

const (
	msgLockedIO    = "%s while %s is held: a client that stops reading blocks it, and every goroutine that needs %s waits for that one client"
	msgLockedIOVia = "%s runs with %s: a client that stops reading blocks it, and every goroutine that needs the lock waits too"
)

// lockWitness says why a function runs under a lock: which lock, held
// by which function.
type lockWitness struct{ lock, holder string }

func runLockHeldAcrossIO(c *checker) {
	// under maps each function called with a lock held to every lock and
	// holder that calls it so: a broadcastLocked called by join, leave and
	// rename names all three, since fixing one caller leaves the others.
	under := map[*ast.FuncDecl][]lockWitness{}
	var order []*ast.FuncDecl // in the order first found, for stable messages
	note := func(d *ast.FuncDecl, ws ...lockWitness) bool {
		if _, ok := under[d]; !ok {
			order = append(order, d)
		}
		added := false
		for _, w := range ws {
			if !slices.Contains(under[d], w) {
				under[d] = append(under[d], w)
				added = true
			}
		}
		return added
	}
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, decl *ast.FuncDecl) {
		holder := "a function literal"
		if decl != nil {
			holder = decl.Name.Name
		}
		c.walkLocked(body.List, nil, func(call *ast.CallExpr, held []string) {
			if what, ok := c.connIO(call); ok {
				inner := held[len(held)-1]
				c.report(call, 0, msgLockedIO, what, inner, inner)
			} else if d := c.idx.declOf(call); d != nil {
				note(d, lockWitness{held[len(held)-1], holder})
			}
		})
	})
	// Whatever a function called under the lock does, it does under it,
	// for every caller that holds it: spread the witnesses until nothing
	// new is learnt, then report.
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(order); i++ {
			d := order[i]
			callsUnder(d.Body, func(call *ast.CallExpr) {
				if _, ok := c.connIO(call); ok {
					return
				}
				if callee := c.idx.declOf(call); callee != nil && note(callee, under[d]...) {
					changed = true
				}
			})
		}
	}
	for _, d := range order {
		callsUnder(d.Body, func(call *ast.CallExpr) {
			if what, ok := c.connIO(call); ok {
				c.report(call, 0, msgLockedIOVia, what, heldBy(under[d]))
			}
		})
	}
}

// heldBy names the locks and their holders for a message: "s.mu held (by
// join and leave)", or "s.mu held (by join) and r.mu held (by flush)".
func heldBy(ws []lockWitness) string {
	var locks []string
	holders := map[string][]string{}
	for _, w := range ws {
		if _, ok := holders[w.lock]; !ok {
			locks = append(locks, w.lock)
		}
		if !slices.Contains(holders[w.lock], w.holder) {
			holders[w.lock] = append(holders[w.lock], w.holder)
		}
	}
	parts := make([]string, len(locks))
	for i, l := range locks {
		parts[i] = l + " held (by " + andList(holders[l]) + ")"
	}
	return andList(parts)
}

// andList joins words as a sentence does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// callsUnder calls f for each call in body that runs in the same
// goroutine: not in a go statement, not in a function literal.
func callsUnder(body ast.Node, f func(*ast.CallExpr)) {
	inspectBody(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			f(n)
		}
		return true
	})
}

// walkLocked follows which locks are held through stmts, starting with
// held, and calls f for each call made while at least one is, innermost
// lock last. It returns the locks held after stmts. A lock taken or
// released inside a branch or loop makes the state after it uncertain;
// uncertain locks count as released, so that no finding rests on a guess.
func (c *checker) walkLocked(stmts []ast.Stmt, held []string, f func(*ast.CallExpr, []string)) []string {
	held = slices.Clone(held)
	for _, st := range stmts {
		if key, lock, ok := c.lockOp(st); ok {
			if lock {
				held = append(held, key)
			} else {
				held = slices.DeleteFunc(held, func(h string) bool { return h == key })
			}
			continue
		}
		calls := func(n ast.Node) {
			if len(held) > 0 && n != nil {
				callsUnder(n, func(call *ast.CallExpr) { f(call, held) })
			}
		}
		inner := func(list []ast.Stmt) { c.walkLocked(list, held, f) }
		switch st := st.(type) {
		case *ast.DeferStmt, *ast.GoStmt:
			continue // runs later, or elsewhere
		case *ast.BlockStmt:
			inner(st.List)
		case *ast.LabeledStmt:
			inner([]ast.Stmt{st.Stmt})
		case *ast.IfStmt:
			calls(st.Init)
			calls(st.Cond)
			inner(st.Body.List)
			if st.Else != nil {
				inner([]ast.Stmt{st.Else})
			}
		case *ast.ForStmt:
			calls(st.Init)
			calls(st.Cond)
			inner(st.Body.List)
			calls(st.Post)
		case *ast.RangeStmt:
			calls(st.X)
			inner(st.Body.List)
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			for _, cl := range clauses(st) {
				switch cl := cl.(type) {
				case *ast.CaseClause:
					for _, e := range cl.List {
						calls(e)
					}
					inner(cl.Body)
				case *ast.CommClause:
					calls(cl.Comm)
					inner(cl.Body)
				}
			}
		default:
			calls(st)
			continue
		}
		held = slices.DeleteFunc(held, func(h string) bool { return c.unlocksIn(st, h) })
	}
	return held
}

// clauses returns the clauses of a switch, type switch or select, and
// looks at a switch's tag or init as a call site would.
func clauses(st ast.Stmt) []ast.Stmt {
	switch st := st.(type) {
	case *ast.SwitchStmt:
		return st.Body.List
	case *ast.TypeSwitchStmt:
		return st.Body.List
	case *ast.SelectStmt:
		return st.Body.List
	}
	return nil
}

// lockOp recognizes x.Lock(), x.RLock(), x.Unlock() and x.RUnlock() as a
// statement, on a value that has an Unlock method. key names the lock.
func (c *checker) lockOp(st ast.Stmt) (key string, lock, ok bool) {
	es, isExpr := st.(*ast.ExprStmt)
	if !isExpr {
		return "", false, false
	}
	call, isCall := ast.Unparen(es.X).(*ast.CallExpr)
	if !isCall || len(call.Args) != 0 {
		return "", false, false
	}
	recv, name := method(c.pass.TypesInfo, call)
	if recv == nil {
		return "", false, false
	}
	if obj, _, _ := types.LookupFieldOrMethod(c.pass.TypesInfo.TypeOf(recv), true, nil, "Unlock"); obj == nil {
		return "", false, false
	}
	switch name {
	case "Lock", "RLock":
		return types.ExprString(recv), true, true
	case "Unlock", "RUnlock":
		return types.ExprString(recv), false, true
	}
	return "", false, false
}

// unlocksIn reports whether n releases the lock key anywhere inside.
func (c *checker) unlocksIn(n ast.Node, key string) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if st, ok := m.(ast.Stmt); ok {
			if k, lock, ok := c.lockOp(st); ok && !lock && k == key {
				found = true
			}
		}
		return !found
	})
	return found
}

// ioMethods are the methods of a connection, or of a bufio wrapper
// around one, that may wait for the network.
var ioMethods = map[string]bool{
	"Read": true, "Write": true, "WriteString": true, "WriteByte": true, "WriteRune": true, "ReadFrom": true,
	"WriteTo": true, "Flush": true, "ReadSlice": true, "ReadString": true, "ReadBytes": true, "ReadLine": true,
	"ReadByte": true, "ReadRune": true, "Peek": true, "Scan": true, "Discard": true,
}

// connIO reports whether call reads or writes a connection, directly or
// through a bufio wrapper around one, and names it for a message.
func (c *checker) connIO(call *ast.CallExpr) (string, bool) {
	info := c.pass.TypesInfo
	if recv, name := method(info, call); recv != nil {
		return types.ExprString(call.Fun), ioMethods[name] && c.idx.streamLevel(recv) == isStream
	}
	fn := calleeFunc(info, call)
	if !isFunc(fn, "io", "Copy", "CopyN", "CopyBuffer", "WriteString", "ReadFull", "ReadAtLeast", "ReadAll") &&
		!isFunc(fn, "fmt", "Fprint", "Fprintf", "Fprintln", "Fscan", "Fscanf", "Fscanln") {
		return "", false
	}
	for _, arg := range call.Args {
		if c.idx.streamLevel(arg) == isStream {
			return fn.Pkg().Name() + "." + fn.Name() + "(" + types.ExprString(arg) + ", ...)", true
		}
	}
	return "", false
}
