package pitfalls

import (
	"go/ast"
	"go/types"
)

// ErrorBeforeData finds a read whose data is dropped: n thrown away, the
// error checked and acted on before the data is used, or the whole buffer
// written back instead of buf[:n].
var ErrorBeforeData = newAnalyzer(errorBeforeData,
	`find reads whose data is lost to the error check or to the buffer's stale bytes

A Read may return n > 0 bytes and an error, io.EOF above all, in the same
call; bufio's ReadSlice, ReadString and ReadBytes return a last line that has
no "\n" together with io.EOF. Checking err first and leaving drops those
bytes. And a Read fills only buf[:n]: writing all of buf sends stale bytes
from earlier reads. Use the data first, then look at the error.`,
	runErrorBeforeData)

const (
	msgNIgnored    = "n from Read is thrown away: only %s[:n] holds new bytes, and the rest of %s is stale data from earlier reads"
	msgWholeBuffer = "writes all of %s, not %s[:n]: a Read fills only n bytes, so this sends stale bytes from earlier reads too"
	msgReadDropped = "this test of %s leaves before %s is used: a Read can return data and io.EOF together, so the client's last bytes are lost"
	msgLineDropped = "this test of %s leaves before %s is used: %s returns a last line without \"\\n\" together with io.EOF, so that line is lost"
)

func runErrorBeforeData(c *checker) {
	info := c.pass.TypesInfo
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		walkStack(body, func(n ast.Node, stack []ast.Node) {
			r := c.asRead(n, false)
			if r == nil {
				return
			}
			if r.buf != nil && isBlank(r.data) {
				c.report(r.call, 0, msgNIgnored, c.name(r.buf), c.name(r.buf))
				return
			}
			if r.buf == nil && c.stage > partialLines.until {
				return // half a command, dropped at EOF as Redis does
			}
			data, err := objOf(info, r.data), objOf(info, r.err)
			if data == nil || err == nil {
				return
			}
			list, _ := stmtList(stack[len(stack)-1])
			rest := after(list, r.stmt)
			if at := c.dropsData(rest, data, err); at != nil {
				if r.buf != nil {
					c.report(at, 0, msgReadDropped, err.Name(), data.Name())
				} else {
					c.report(at, 0, msgLineDropped, err.Name(), data.Name(), r.method)
				}
			}
			if r.buf != nil {
				c.checkWholeBuffer(rest, r.buf)
			}
		})
	})
}

// after returns the statements of list that follow stmt.
func after(list []ast.Stmt, stmt ast.Stmt) []ast.Stmt {
	for i, s := range list {
		if s == stmt {
			return list[i+1:]
		}
	}
	return nil
}

// dropsData looks at the statements after a read, up to the first that
// uses its data or its error, and returns the test of err there if it
// leaves (return, break, continue) without using the data. A test of
// some other error (bufio.ErrBufferFull) is passed over: that case has
// no data to keep.
func (c *checker) dropsData(rest []ast.Stmt, data, err types.Object) ast.Node {
	info := c.pass.TypesInfo
	for _, st := range rest {
		if !mentions(info, st, data) && !mentions(info, st, err) {
			continue
		}
		switch st := st.(type) {
		case *ast.IfStmt:
			if st.Init != nil || mentions(info, st.Cond, data) {
				return nil
			}
			if !isErrCheck(info, st.Cond, err) {
				if st.Else == nil && c.sum.exits(st.Body.List) && !mentions(info, st.Cond, data) {
					continue // another error, handled: the read's data is not in question
				}
				return nil
			}
			if !mentions(info, st.Body, data) && c.sum.exits(st.Body.List) {
				return st.Cond
			}
			return nil
		case *ast.SwitchStmt:
			if st.Init != nil || st.Tag != nil {
				return nil
			}
			for _, cl := range st.Body.List {
				cc := cl.(*ast.CaseClause)
				for _, e := range cc.List {
					if mentions(info, e, data) {
						return nil
					}
					if isErrCheck(info, e, err) && !mentions(info, cc, data) && c.sum.exits(cc.Body) {
						return e
					}
				}
				if cc.List == nil {
					return nil
				}
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

// checkWholeBuffer reports a write of buf itself, rather than buf[:n],
// among the statements after a read into buf, up to the first that
// assigns to buf (such as *buf = (*buf)[:n]).
func (c *checker) checkWholeBuffer(rest []ast.Stmt, buf ast.Expr) {
	info := c.pass.TypesInfo
	root := objOf(info, buf)
	if root == nil {
		return
	}
	text := types.ExprString(buf)
	for _, st := range rest {
		if assigns(info, st, root) {
			return
		}
		inspectBody(st, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			if _, name := method(info, call); name == "Write" && types.ExprString(call.Args[0]) == text && mentions(info, call.Args[0], root) {
				c.report(call.Args[0], 0, msgWholeBuffer, text, text)
			}
			return true
		})
	}
}

// assigns reports whether n assigns to obj, or through it (*obj = ...).
func assigns(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if as, ok := m.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				found = found || mentions(info, lhs, obj)
			}
		}
		return !found
	})
	return found
}
