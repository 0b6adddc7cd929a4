package pitfalls

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// findNetConn returns the net.Conn interface if pkg can see the net
// package at all, through any chain of imports, or nil. A package that
// cannot see it has no connections to get wrong.
func findNetConn(pkg *types.Package) *types.Interface {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) *types.Interface
	walk = func(p *types.Package) *types.Interface {
		if seen[p] {
			return nil
		}
		seen[p] = true
		if p.Path() == "net" {
			if obj, ok := p.Scope().Lookup("Conn").(*types.TypeName); ok {
				iface, _ := obj.Type().Underlying().(*types.Interface)
				return iface
			}
			return nil
		}
		for _, imp := range p.Imports() {
			if iface := walk(imp); iface != nil {
				return iface
			}
		}
		return nil
	}
	return walk(pkg)
}

// isNamed reports whether t, or what t points to, is the named type
// pkgPath.name.
func isNamed(t types.Type, pkgPath, name string) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// isBufio reports whether t is one of bufio's buffering types, by name:
// "Reader", "Writer", "ReadWriter" or "Scanner".
func isBufio(t types.Type, name string) bool { return isNamed(t, "bufio", name) }

// inMemory reports whether t reads from or writes to memory only, so
// that its errors and blocking do not concern a network server.
func inMemory(t types.Type) bool {
	return isNamed(t, "bytes", "Buffer") || isNamed(t, "bytes", "Reader") ||
		isNamed(t, "strings", "Builder") || isNamed(t, "strings", "Reader")
}

// hasIOMethod reports whether t has method name with the signature of
// io.Reader's Read or io.Writer's Write: func([]byte) (int, error).
func hasIOMethod(t types.Type, name string) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 2 {
		return false
	}
	sl, ok := sig.Params().At(0).Type().Underlying().(*types.Slice)
	if !ok || !types.Identical(sl.Elem(), types.Typ[types.Byte]) {
		return false
	}
	return types.Identical(sig.Results().At(0).Type(), types.Typ[types.Int]) &&
		types.Identical(sig.Results().At(1).Type(), types.Universe.Lookup("error").Type())
}

// calleeFunc returns the function or method a call statically calls, or
// nil for a call of a function value, a conversion or a builtin.
// Interface methods count: their *types.Func names the method.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// isFunc reports whether fn is pkgPath.name, a package-level function.
func isFunc(fn *types.Func, pkgPath string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath {
		return false
	}
	if fn.Type().(*types.Signature).Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// method returns the receiver expression and method name of a call of
// the form x.m(...), with x a value (not a package), or nil and "".
func method(info *types.Info, call *ast.CallExpr) (ast.Expr, string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, ""
	}
	if s, ok := info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
		return nil, ""
	}
	return sel.X, sel.Sel.Name
}

// objOf returns the variable an expression names: x for x, the field f
// for s.f (any s), and the variable behind *x and (x). Else nil.
func objOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok && s.Kind() == types.FieldVal {
			return s.Obj()
		}
		return nil
	case *ast.StarExpr:
		return objOf(info, e.X)
	}
	return nil
}

// isErrorType reports whether t is the predeclared error type.
func isErrorType(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool { return isNamed(t, "context", "Context") }
