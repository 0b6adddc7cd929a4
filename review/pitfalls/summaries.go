package pitfalls

import (
	"go/ast"
	"go/token"
	"go/types"
)

// summaries answers questions about the package's own functions, such as
// "does calling f block?", following calls into the package's other
// functions. Answers are remembered for the analyzer's run. A question
// that leads back to itself (recursion) gets the answer that cannot cause
// a false alarm.
type summaries struct {
	idx  *index
	memo map[summaryKey]bool
	busy map[summaryKey]bool
}

type summaryKey struct {
	question string
	decl     *ast.FuncDecl
	param    int
}

func newSummaries(idx *index) *summaries {
	return &summaries{idx: idx, memo: map[summaryKey]bool{}, busy: map[summaryKey]bool{}}
}

// cached returns f's answer for k, computing it once. While it is being
// computed, k's answer is onCycle.
func (s *summaries) cached(k summaryKey, onCycle bool, f func() bool) bool {
	if v, ok := s.memo[k]; ok {
		return v
	}
	if s.busy[k] {
		return onCycle
	}
	s.busy[k] = true
	v := f()
	delete(s.busy, k)
	s.memo[k] = v
	return v
}

// anyOp reports whether body, or a function of the package that it calls
// (not in a go statement), contains a node for which op is true. It does
// not look into function literals.
func (s *summaries) anyOp(question string, body ast.Node, op func(ast.Node) bool) bool {
	found := false
	var skip map[ast.Node]bool
	if question == "blocks" {
		skip = nonBlockingComms(body)
	}
	inspectBody(body, func(n ast.Node) bool {
		if found || skip[n] {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if d := s.idx.declOf(n); d != nil && s.declOp(question, d, op) {
				found = true
				return false
			}
		}
		if op(n) {
			found = true
		}
		return !found
	})
	return found
}

// declOp is anyOp for a function of the package, remembered by question.
func (s *summaries) declOp(question string, d *ast.FuncDecl, op func(ast.Node) bool) bool {
	return s.cached(summaryKey{question, d, -1}, false, func() bool { return s.anyOp(question, d.Body, op) })
}

// nonBlockingComms returns the channel operations of the selects in body
// that have a default case: those never wait.
func nonBlockingComms(body ast.Node) map[ast.Node]bool {
	skip := map[ast.Node]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectStmt); ok && !waits(sel) {
			for _, cc := range sel.Body.List {
				if comm := cc.(*ast.CommClause).Comm; comm != nil {
					skip[comm] = true
				}
			}
		}
		return true
	})
	return skip
}

// waits reports whether a select has no default case, so that it waits.
func waits(sel *ast.SelectStmt) bool {
	for _, cc := range sel.Body.List {
		if cc.(*ast.CommClause).Comm == nil {
			return false
		}
	}
	return true
}

// blocks reports whether body may wait: for input, on a channel, a
// select, a condition variable, a WaitGroup or a clock.
func (s *summaries) blocks(body ast.Node) bool { return s.anyOp("blocks", body, s.isBlockingOp) }

// reads reports whether body reads from a stream or a socket.
func (s *summaries) reads(body ast.Node) bool { return s.anyOp("reads", body, s.isReadOp) }

// sendsOnChan reports whether body sends on a channel: the way a
// semaphore made of a buffered channel takes a slot.
func (s *summaries) sendsOnChan(body ast.Node) bool {
	return s.anyOp("sends", body, func(n ast.Node) bool {
		_, ok := n.(*ast.SendStmt)
		return ok
	})
}

// spawns reports whether body starts a goroutine.
func (s *summaries) spawns(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			found = true
		case *ast.CallExpr:
			if d := s.idx.declOf(n); d != nil && s.cached(summaryKey{"spawns", d, -1}, false, func() bool { return s.spawns(d.Body) }) {
				found = true
			}
		}
		return !found
	})
	return found
}

// readMethods are the methods that read from a stream, and wait for it.
var readMethods = map[string]bool{
	"Read": true, "ReadSlice": true, "ReadString": true, "ReadBytes": true, "ReadLine": true,
	"ReadByte": true, "ReadRune": true, "Peek": true, "Scan": true,
}

// isReadCall reports whether n calls a method that reads a stream that is
// not in memory: a Read of an io.Reader, or bufio's reading methods.
func (s *summaries) isReadCall(n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	if fn := calleeFunc(s.idx.info, call); isFunc(fn, "io", "ReadFull", "ReadAtLeast", "ReadAll", "Copy", "CopyN", "CopyBuffer") {
		return true
	}
	recv, name := method(s.idx.info, call)
	if recv == nil || !readMethods[name] {
		return false
	}
	t := s.idx.info.TypeOf(recv)
	if inMemory(t) {
		return false
	}
	if name == "Scan" {
		return isBufio(t, "Scanner")
	}
	return hasIOMethod(t, "Read")
}

// isReadOp is isReadCall, plus the raw reads of a socket: syscall.Read
// and syscall.RawConn's Read, which parks until the socket is readable.
func (s *summaries) isReadOp(n ast.Node) bool {
	if s.isReadCall(n) {
		return true
	}
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	if s.isReaderFuncCall(call) {
		return true
	}
	fn := calleeFunc(s.idx.info, call)
	if isFunc(fn, "syscall", "Read") {
		return true
	}
	recv, name := method(s.idx.info, call)
	return recv != nil && name == "Read" && isNamed(s.idx.info.TypeOf(recv), "syscall", "RawConn")
}

// isBlockingOp reports whether n may wait for something outside its
// goroutine.
func (s *summaries) isBlockingOp(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.RangeStmt:
		t := s.idx.info.TypeOf(n.X)
		if t == nil {
			return false
		}
		_, ok := t.Underlying().(*types.Chan)
		return ok
	case *ast.SelectStmt:
		return waits(n)
	case *ast.CallExpr:
		if s.isReadCall(n) {
			return true
		}
		fn := calleeFunc(s.idx.info, n)
		if isFunc(fn, "time", "Sleep") {
			return true
		}
		recv, name := method(s.idx.info, n)
		if recv != nil && name == "Wait" {
			t := s.idx.info.TypeOf(recv)
			return isNamed(t, "sync", "Cond") || isNamed(t, "sync", "WaitGroup")
		}
	}
	return false
}

// paramVar returns the i-th parameter of a function type, or nil when
// it has no name.
func (s *summaries) paramVar(ft *ast.FuncType, i int) types.Object {
	k := 0
	for _, field := range ft.Params.List {
		if len(field.Names) == 0 {
			if k == i {
				return nil
			}
			k++
			continue
		}
		for _, name := range field.Names {
			if k == i {
				if name.Name == "_" {
					return nil
				}
				return s.idx.info.Defs[name]
			}
			k++
		}
	}
	return nil
}

// argIndex returns the index of the parameter that argument i of call
// goes to: i itself, except for the extra arguments of a variadic call.
func argIndex(sig *types.Signature, i int) int {
	if sig.Variadic() && i >= sig.Params().Len()-1 {
		return sig.Params().Len() - 1
	}
	return i
}

// mentions reports whether n refers to obj anywhere, function literals
// included.
func mentions(info *types.Info, n ast.Node, obj types.Object) bool {
	if n == nil || obj == nil {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}
