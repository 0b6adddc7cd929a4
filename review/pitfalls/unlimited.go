package pitfalls

import (
	"go/ast"
	"go/types"
	"strings"
)

// UnlimitedGoroutines finds an accept loop that starts a goroutine for
// every connection without taking a slot of a limit first.
var UnlimitedGoroutines = newAnalyzer(unlimitedGoroutines,
	`find accept loops that start a goroutine per connection with no limit

A goroutine per connection is cheap, but not free: each holds a file
descriptor, a stack and buffers. With no limit, a flood of clients (or one
client in a loop) makes them without bound until the process runs out of
memory or descriptors, and then every client suffers. Take a slot of a
semaphore (a buffered channel) before handing the connection over, and give
it back when the handler returns: the lecture's Semaphore with acquire_owned.

It applies to stage 05, which teaches the limit. Stage 06's server has none
on purpose: its lesson is holding many connections cheaply.`,
	runUnlimitedGoroutines)

const msgUnlimited = "a goroutine per accepted connection, and no slot taken first: a flood of clients makes goroutines and descriptors without bound"

func runUnlimitedGoroutines(c *checker) {
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		walkStack(body, func(n ast.Node, _ []ast.Node) {
			lb := loopBody(asLoop(n))
			if lb == nil || !c.acceptsIn(lb) {
				return
			}
			if spawn := c.spawnIn(lb); spawn != nil && !c.takesSlot(body, lb) {
				c.report(spawn, 0, msgUnlimited)
			}
		})
	})
}

// asLoop returns n if it is a for or range statement, else nil.
func asLoop(n ast.Node) ast.Stmt {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n
	case *ast.RangeStmt:
		return n
	}
	return nil
}

// acceptsIn reports whether body accepts a connection.
func (c *checker) acceptsIn(body ast.Node) bool {
	found := false
	inspectBody(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if _, name := method(c.pass.TypesInfo, call); (name == "Accept" || name == "AcceptTCP") && c.idx.isConn(firstResult(c.pass.TypesInfo, call)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// firstResult returns the type of a call's first result.
func firstResult(info *types.Info, call *ast.CallExpr) types.Type {
	if t, ok := info.TypeOf(call).(*types.Tuple); ok && t.Len() > 0 {
		return t.At(0).Type()
	}
	return info.TypeOf(call)
}

// spawnIn returns the first go statement in body, or call of a function
// of the package that starts a goroutine.
func (c *checker) spawnIn(body ast.Node) ast.Node {
	var spawn ast.Node
	inspectBody(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			spawn = n
		case *ast.CallExpr:
			if d := c.idx.declOf(n); d != nil && c.sum.spawns(d.Body) {
				spawn = n
			}
		}
		return spawn == nil
	})
	return spawn
}

// takesSlot reports whether the function with body fn, whose accept loop
// has body loop, may limit its connections: it sends on a channel (a
// semaphore), calls or mentions a function of the package that does,
// uses x/sync/semaphore, sync/atomic, a mutex (a guarded counter) or
// netutil.LimitListener, or calls a function value in the loop (which
// could be any of those).
func (c *checker) takesSlot(fn, loop ast.Node) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			found = true
		case *ast.Ident:
			if f, ok := info.Uses[n].(*types.Func); ok {
				found = c.limits(f)
			}
		case *ast.CallExpr:
			inLoop := loop.Pos() <= n.Pos() && n.End() <= loop.End()
			found = inLoop && c.isDynamicCall(n)
		}
		return !found
	})
	return found
}

// limits reports whether calling f may take a slot of a limit: for a
// function of the package, whether it sends on a channel, or reports with
// a bool whether it got something while it guards a counter (a mutex,
// sync/atomic), itself or in what it calls. A student's slot counter may
// be either, since stage 05 leaves its design to them; a set of live
// connections (add, remove) guards a map but answers nothing.
func (c *checker) limits(f *types.Func) bool {
	if d := c.idx.decls[f.Origin()]; d != nil {
		if c.sum.sendsOnChan(d.Body) {
			return true
		}
		res := f.Type().(*types.Signature).Results()
		if res.Len() != 1 || !types.Identical(res.At(0).Type(), types.Typ[types.Bool]) {
			return false
		}
		return c.sum.anyOp("guards-a-counter", d.Body, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return false
			}
			g, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
			return ok && g.Pkg() != nil && c.limitsStd(g)
		})
	}
	if f.Pkg() == nil {
		return false
	}
	return c.limitsStd(f)
}

// limitsStd reports whether f, from outside the package, may take a slot
// of a limit: sync/atomic, x/sync/semaphore, netutil.LimitListener or a
// mutex's Lock.
func (c *checker) limitsStd(f *types.Func) bool {
	switch path := f.Pkg().Path(); {
	case path == "sync/atomic", strings.HasSuffix(path, "x/sync/semaphore"):
		return true
	case strings.HasSuffix(path, "x/net/netutil"):
		return f.Name() == "LimitListener"
	}
	return f.Name() == "Lock" && f.Pkg().Path() == "sync"
}

// isDynamicCall reports whether call calls a function value, or a method
// of an interface from outside the standard library: code this analysis
// cannot see.
func (c *checker) isDynamicCall(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return false // its code is right here
	}
	fn := calleeFunc(info, call)
	if fn == nil {
		return true
	}
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && types.IsInterface(recv.Type()) && fn.Pkg() != nil && !c.sum.isStd(fn.Pkg())
}
