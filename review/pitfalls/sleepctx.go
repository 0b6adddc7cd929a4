package pitfalls

import (
	"go/ast"
	"go/types"
)

// SleepIgnoresCtx finds time.Sleep where a context.Context is in scope.
var SleepIgnoresCtx = newAnalyzer(sleepIgnoresCtx,
	`find time.Sleep where a context is in scope

time.Sleep cannot be interrupted: a shutdown that cancels ctx waits until
the sleep is over, and a backoff of a second holds up Ctrl+C for a second.
Wait in a select on ctx.Done() and a timer (time.NewTimer, then Stop it)
instead, as the stage 05 server's sleep does.`,
	runSleepIgnoresCtx)

const msgSleep = "time.Sleep cannot be woken by %s: a shutdown waits out the whole sleep; select on %s.Done() and a timer instead"

func runSleepIgnoresCtx(c *checker) {
	info := c.pass.TypesInfo
	for _, f := range c.idx.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			var ctxs []types.Object
			ast.Inspect(fd, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if v, ok := info.Defs[id].(*types.Var); ok && isContext(v.Type()) && v.Parent() != nil && v.Name() != "_" {
						ctxs = append(ctxs, v)
					}
				}
				return true
			})
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !isFunc(calleeFunc(info, call), "time", "Sleep") {
					return true
				}
				for _, v := range ctxs {
					if v.Pos() < call.Pos() && v.Parent().Contains(call.Pos()) {
						c.report(call, 0, msgSleep, v.Name(), v.Name())
						break
					}
				}
				return true
			})
		}
	}
}
