package pitfalls

import (
	"go/ast"
	"go/types"
)

// AllocPerRead finds a byte slice allocated on every read: in a read loop,
// in a function literal that reads (called once per read), or in a
// callback that a read loop of the package calls for every chunk.
var AllocPerRead = newAnalyzer(allocPerRead,
	`find a buffer allocated, or a chunk copied, on every read

With thousands of connections, an allocation per message is garbage the
collector must chase for every message: memory and latency grow with the
traffic. Borrow each read buffer from a pool and give it back after the
write; send the pooled buffer itself down the channel rather than a copy;
create closures and method values once, not per read.`,
	runAllocPerRead)

const (
	msgAllocBuffer  = "%s makes a new buffer for every read: garbage on every message; borrow one from the pool and Put it back after the write"
	msgAllocCopy    = "%s copies every chunk into a new slice: an allocation per message; send the pooled buffer itself, Put back after the write"
	msgAllocClosure = "a new %s is made for every read, and each one allocates: make it once, outside the loop"
)

func runAllocPerRead(c *checker) {
	perRead := map[*ast.BlockStmt]bool{}  // bodies of literals that run once per read
	launched := map[*ast.BlockStmt]bool{} // bodies of literals run by go or defer
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		walkStack(body, func(n ast.Node, stack []ast.Node) {
			switch n := n.(type) {
			case *ast.CallExpr:
				c.callbacksPerRead(n, perRead)
			case *ast.FuncLit:
				launched[n.Body] = deferredOrStarted(n, stack)
			}
			for _, l := range loops(stack) {
				if c.sum.reads(l) {
					c.checkAlloc(n, stack)
					break
				}
			}
		})
	})
	// A literal that reads once, outside any loop of its own, is called
	// once per read: a reader returned to a loop, a RawConn callback.
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, decl *ast.FuncDecl) {
		if decl == nil && (perRead[body] || !launched[body] && c.readsOnce(body)) {
			walkStack(body, func(n ast.Node, stack []ast.Node) { c.checkAlloc(n, stack) })
		}
	})
}

// readsOnce reports whether body reads outside any loop of its own.
func (c *checker) readsOnce(body *ast.BlockStmt) bool {
	found := false
	walkStack(body, func(n ast.Node, stack []ast.Node) {
		if found || len(loops(stack)) > 0 {
			return
		}
		if c.sum.isReadOp(n) {
			found = true
		} else if call, ok := n.(*ast.CallExpr); ok {
			if d := c.idx.declOf(call); d != nil && c.sum.reads(d.Body) {
				found = true
			}
		}
	})
	return found
}

// callbacksPerRead notes the function literals passed to a function of the
// package that calls them inside a read loop.
func (c *checker) callbacksPerRead(call *ast.CallExpr, perRead map[*ast.BlockStmt]bool) {
	d := c.idx.declOf(call)
	if d == nil {
		return
	}
	sig := c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	for i, arg := range call.Args {
		if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok && c.callsInReadLoop(d, argIndex(sig, i)) {
			perRead[lit.Body] = true
		}
	}
}

// callsInReadLoop reports whether d calls its i-th parameter, a function,
// inside a loop that reads.
func (c *checker) callsInReadLoop(d *ast.FuncDecl, i int) bool {
	v := c.sum.paramVar(d.Type, i)
	if v == nil {
		return false
	}
	found := false
	walkStack(d.Body, func(n ast.Node, stack []ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || !isVar(c.pass.TypesInfo, call.Fun, v) {
			return
		}
		for _, l := range loops(stack) {
			found = found || c.sum.reads(l)
		}
	})
	return found
}

// checkAlloc reports n, which runs once per read, if it allocates: a
// byte slice, a copy of one, or a closure or method value made anew.
// stack holds the nodes around n.
func (c *checker) checkAlloc(n ast.Node, stack []ast.Node) {
	var parent ast.Node
	if len(stack) > 0 {
		parent = stack[len(stack)-1]
	}
	switch n := n.(type) {
	case *ast.CallExpr:
		switch {
		case c.isByteMake(n):
			c.report(n, 1, msgAllocBuffer, "make")
		case c.isByteCopy(n):
			c.report(n, 4, msgAllocCopy, c.name(n.Fun))
		}
	case *ast.FuncLit:
		if !deferredOrStarted(n, stack) && c.captures(n) {
			c.report(n, 2, msgAllocClosure, "closure")
		}
	case *ast.SelectorExpr:
		s, ok := c.pass.TypesInfo.Selections[n]
		if call, isCall := parent.(*ast.CallExpr); ok && s.Kind() == types.MethodVal && (!isCall || ast.Unparen(call.Fun) != n) {
			c.report(n, 2, msgAllocClosure, "method value "+c.name(n))
		}
	}
}

// deferredOrStarted reports whether lit is the function of a defer or go
// statement: a deferred closure lives on the stack, and a goroutine per
// read is a different mistake.
func deferredOrStarted(lit *ast.FuncLit, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	call, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != lit {
		return false
	}
	switch stack[len(stack)-2].(type) {
	case *ast.DeferStmt, *ast.GoStmt:
		return true
	}
	return false
}

// isByteMake reports whether call is make([]byte, ...) or new([N]byte).
func (c *checker) isByteMake(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) == 0 {
		return false
	}
	if _, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); !ok {
		return false
	}
	switch id.Name {
	case "make":
		return isBytes(c.pass.TypesInfo.TypeOf(call.Args[0]))
	case "new":
		arr, ok := c.pass.TypesInfo.TypeOf(call.Args[0]).Underlying().(*types.Array)
		return ok && types.Identical(arr.Elem(), types.Typ[types.Byte])
	}
	return false
}

// isByteCopy reports whether call copies bytes into a new slice:
// append([]byte(nil), b...), append([]byte{}, b...), bytes.Clone(b),
// slices.Clone(b).
func (c *checker) isByteCopy(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if fn := calleeFunc(info, call); isFunc(fn, "bytes", "Clone") || isFunc(fn, "slices", "Clone") && isBytes(info.TypeOf(call)) {
		return true
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "append" || len(call.Args) != 2 || !call.Ellipsis.IsValid() {
		return false
	}
	if _, ok := info.Uses[id].(*types.Builtin); !ok || !isBytes(info.TypeOf(call)) {
		return false
	}
	switch first := ast.Unparen(call.Args[0]).(type) {
	case *ast.CallExpr: // []byte(nil)
		return len(first.Args) == 1 && isNil(info, first.Args[0])
	case *ast.CompositeLit: // []byte{}
		return len(first.Elts) == 0
	}
	return isNil(info, call.Args[0])
}

// isBytes reports whether t is a slice of bytes.
func isBytes(t types.Type) bool {
	sl, ok := t.Underlying().(*types.Slice)
	return ok && types.Identical(sl.Elem(), types.Typ[types.Byte])
}

// captures reports whether a function literal uses a local variable of
// the function around it: only then does making it allocate.
func (c *checker) captures(lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			obj := c.pass.TypesInfo.Uses[id]
			if localVar(obj) && (obj.Pos() < lit.Pos() || obj.Pos() >= lit.End()) {
				found = true
			}
		}
		return !found
	})
	return found
}
