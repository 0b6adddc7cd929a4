package pitfalls

import (
	"go/ast"
	"go/types"
)

// readAssign is a statement that reads from a stream and keeps the
// results: n, err := r.Read(buf), or line, err := br.ReadSlice('\n').
type readAssign struct {
	stmt      *ast.AssignStmt
	call      *ast.CallExpr
	method    string   // "Read", "ReadSlice", ...
	data, err ast.Expr // the first and last results' destinations
	buf       ast.Expr // Read's argument; nil for the others
}

// dataWithEOF are bufio.Reader's methods that return what they read
// together with the error that stopped them, io.EOF included.
var dataWithEOF = map[string]bool{"ReadSlice": true, "ReadString": true, "ReadBytes": true}

// asRead returns n as a read from a stream that is not in memory, or nil.
// ReadByte, ReadRune and ReadLine count only when withSingles is set:
// they never return data with an error, but their errors still say EOF.
func (c *checker) asRead(n ast.Node, withSingles bool) *readAssign {
	as, ok := n.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || len(as.Lhs) < 2 {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	recv, name := method(c.pass.TypesInfo, call)
	if recv == nil {
		return nil
	}
	t := c.pass.TypesInfo.TypeOf(recv)
	if inMemory(t) {
		return nil
	}
	r := &readAssign{stmt: as, call: call, method: name, data: as.Lhs[0], err: as.Lhs[len(as.Lhs)-1]}
	switch {
	case name == "Read" && hasIOMethod(t, "Read") && len(call.Args) == 1:
		r.buf = call.Args[0]
	case dataWithEOF[name] && returnsDataAndError(c.pass.TypesInfo.TypeOf(call)):
		// bufio.Reader's, or a reader's of the package that borrows the
		// name, and with it the promise: data comes with io.EOF.
	case withSingles && (name == "ReadByte" || name == "ReadRune" || name == "ReadLine") && (isBufio(t, "Reader") || isBufio(t, "ReadWriter")):
	default:
		return nil
	}
	if !isErrorType(c.pass.TypesInfo.TypeOf(r.err)) && !isBlank(r.err) {
		return nil
	}
	return r
}

// returnsDataAndError reports whether t, a call's result, is ([]byte,
// error) or (string, error).
func returnsDataAndError(t types.Type) bool {
	tup, ok := t.(*types.Tuple)
	if !ok || tup.Len() != 2 || !isErrorType(tup.At(1).Type()) {
		return false
	}
	first := tup.At(0).Type()
	return isBytes(first) || types.Identical(first.Underlying(), types.Typ[types.String])
}

// isBlank reports whether e is the blank identifier.
func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// isErrCheck reports whether cond is one of the plain tests of err that
// are true at EOF: err != nil, err == io.EOF, errors.Is(err, io.EOF).
func isErrCheck(info *types.Info, cond ast.Expr, err types.Object) bool {
	switch c := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch {
		case c.Op.String() == "!=" && isVar(info, c.X, err) && isNil(info, c.Y):
			return true
		case c.Op.String() == "==" && isVar(info, c.X, err) && isEOF(info, c.Y):
			return true
		}
	case *ast.CallExpr:
		fn := calleeFunc(info, c)
		return isFunc(fn, "errors", "Is") && len(c.Args) == 2 && isVar(info, c.Args[0], err) && isEOF(info, c.Args[1])
	}
	return false
}

// isEOF reports whether e is io.EOF.
func isEOF(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Name() == "EOF" && v.Pkg() != nil && v.Pkg().Path() == "io"
}
