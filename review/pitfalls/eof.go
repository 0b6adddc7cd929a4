package pitfalls

import (
	"go/ast"
	"go/token"
	"go/types"
)

// EOFIgnored finds read loops that never stop at EOF: the error of a read
// thrown away inside a loop, or an error that only makes it continue.
var EOFIgnored = newAnalyzer(eofIgnored,
	`find read loops that do not stop at EOF, the lecture's first pitfall

When the client closes its side, every further Read returns 0 and io.EOF at
once, forever. A loop that throws the error away, or answers it with
continue, spins at full speed on a dead connection and never closes it.
Any error from a read ends the loop: return it, or return nil at io.EOF.`,
	runEOFIgnored)

const (
	msgEOFBlank    = "the error from %s is thrown away in a loop: after the client leaves it returns io.EOF at once, forever, and the loop spins"
	msgEOFContinue = "continue on %s retries a read that fails at once, forever, once the client has left (io.EOF): end the loop instead"
)

func runEOFIgnored(c *checker) {
	info := c.pass.TypesInfo
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		readErrs := map[types.Object]bool{}
		walkStack(body, func(n ast.Node, stack []ast.Node) {
			ls := loops(stack)
			if r := c.asRead(n, true); r != nil {
				if !isBlank(r.err) {
					readErrs[objOf(info, r.err)] = true
				} else if len(ls) > 0 {
					c.report(r.call, 0, msgEOFBlank, c.name(r.call.Fun))
				}
				return
			}
			if len(ls) == 0 {
				return
			}
			switch n := n.(type) {
			case *ast.ExprStmt:
				if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && c.isReadMethod(call) && c.returnsError(call) {
					c.report(call, 0, msgEOFBlank, c.name(call.Fun))
				}
			case *ast.IfStmt:
				if err := c.continuesOnError(n, readErrs); err != nil {
					c.report(n.Cond, 0, msgEOFContinue, err.Name())
				}
			}
		})
	})
}

// isReadMethod reports whether call reads a stream through one of its
// methods. io.Copy and io.ReadAll do not count: they stop at EOF.
func (c *checker) isReadMethod(call *ast.CallExpr) bool {
	recv, _ := method(c.pass.TypesInfo, call)
	return recv != nil && c.sum.isReadCall(call)
}

// returnsError reports whether a call's last result is an error.
func (c *checker) returnsError(call *ast.CallExpr) bool {
	switch t := c.pass.TypesInfo.TypeOf(call).(type) {
	case *types.Tuple:
		return t.Len() > 0 && isErrorType(t.At(t.Len()-1).Type())
	default:
		return isErrorType(t)
	}
}

// continuesOnError returns the error if the if statement tests that a
// read's error is not nil, with nothing else about the error, and then
// only continues.
func (c *checker) continuesOnError(ifs *ast.IfStmt, readErrs map[types.Object]bool) types.Object {
	if ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) == 0 {
		return nil
	}
	last, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.BranchStmt)
	if !ok || last.Tok != token.CONTINUE || last.Label != nil {
		return nil
	}
	info := c.pass.TypesInfo
	var err types.Object
	for _, conj := range conjuncts(ifs.Cond) {
		b, ok := ast.Unparen(conj).(*ast.BinaryExpr)
		if ok && b.Op == token.NEQ && isNil(info, b.Y) {
			if obj := objOf(info, b.X); readErrs[obj] {
				err = obj
				continue
			}
		}
	}
	if err == nil {
		return nil
	}
	for _, conj := range conjuncts(ifs.Cond) {
		if b, ok := ast.Unparen(conj).(*ast.BinaryExpr); ok && b.Op == token.NEQ && objOf(info, b.X) == err {
			continue
		}
		if mentions(info, conj, err) {
			return nil // the test says which error: a timeout, say, may deserve a retry
		}
	}
	return err
}

// conjuncts splits a && b && c into its parts.
func conjuncts(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}
