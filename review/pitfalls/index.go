package pitfalls

import (
	"go/ast"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// indexer is the analysis every pitfall analyzer builds on: one pass over
// a package that finds its functions, its connections and the bufio
// readers and writers wrapped around them. The pitfalls ask the same
// questions of the same code, so they share the answers.
var indexer = &analysis.Analyzer{
	Name:       "tcpreview_index",
	Doc:        "indexes a package's functions, connections and bufio wrappers for the pitfall analyzers",
	Run:        buildIndex,
	ResultType: reflect.TypeFor[*index](),
}

// index is what indexer finds. It is read-only once built, since the
// analyzers that share it may run at the same time.
type index struct {
	info  *types.Info
	files []*ast.File // the package's files, without _test.go ones
	// decls maps each function and method of the package to its body.
	decls map[*types.Func]*ast.FuncDecl
	// conn is net.Conn, or nil when the package cannot see package net.
	conn *types.Interface
	// wrapped holds the variables and struct fields assigned a bufio
	// reader or writer, with the level (see streamLevel) of what it wraps.
	wrapped map[types.Object]int
	// sources holds, for each local variable of function type, the
	// expressions assigned to it: next := chunks(conn, pool) makes a call
	// of next() a call of whatever chunks returns.
	sources map[types.Object][]ast.Expr
	// todos holds the TODOs each function declaration of a stage's
	// package holds (see funcTodo).
	todos map[*ast.FuncDecl]*funcTodos
	// root is the first element of the package's path, such as
	// "tcpworkbook": the packages that share it are the workbook's own.
	root string
}

// Levels of streamLevel: how surely an expression is a network stream.
const (
	notStream   = iota
	maybeStream // an io.Reader or io.Writer interface, or bufio around one
	isStream    // a net.Conn, or bufio around one
)

func buildIndex(pass *analysis.Pass) (any, error) {
	idx := &index{
		info:    pass.TypesInfo,
		decls:   map[*types.Func]*ast.FuncDecl{},
		conn:    findNetConn(pass.Pkg),
		wrapped: map[types.Object]int{},
		sources: map[types.Object][]ast.Expr{},
	}
	idx.root, _, _ = strings.Cut(pass.Pkg.Path(), "/")
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go") {
			continue
		}
		idx.files = append(idx.files, f)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					idx.decls[fn] = fd
				}
			}
		}
	}
	if StageOf(pass.Pkg.Path()) != 0 {
		idx.todos = buildFuncTodos(pass.Fset, idx.files, readme(pass.Fset, idx.files))
	}
	idx.findSources()
	// A wrapper may wrap a wrapper (a bufio.Scanner around a bufio.Reader
	// around a conn): repeat until nothing new is learnt.
	for idx.findWrapped() {
	}
	return idx, nil
}

// findWrapped records every variable or field assigned bufio.NewX(e) with
// e a stream, and reports whether it learnt anything new.
func (idx *index) findWrapped() bool {
	changed := false
	note := func(obj types.Object, rhs ast.Expr) {
		if obj == nil {
			return
		}
		if lvl := idx.wrapLevel(rhs); lvl > idx.wrapped[obj] {
			idx.wrapped[obj] = lvl
			changed = true
		}
	}
	for _, f := range idx.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, lhs := range n.Lhs {
						note(objOf(idx.info, lhs), n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, name := range n.Names {
						note(idx.info.ObjectOf(name), n.Values[i])
					}
				}
			case *ast.KeyValueExpr:
				if key, ok := n.Key.(*ast.Ident); ok {
					if v, ok := idx.info.Uses[key].(*types.Var); ok && v.IsField() {
						note(v, n.Value)
					}
				}
			}
			return true
		})
	}
	return changed
}

// wrapLevel is the level of the stream that e, a call of bufio.NewX,
// wraps; notStream for anything else.
func (idx *index) wrapLevel(e ast.Expr) int {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return notStream
	}
	fn := calleeFunc(idx.info, call)
	if !isFunc(fn, "bufio", "NewReader", "NewReaderSize", "NewWriter", "NewWriterSize", "NewScanner", "NewReadWriter") {
		return notStream
	}
	lvl := notStream
	for _, arg := range call.Args {
		lvl = max(lvl, idx.streamLevel(arg))
	}
	return lvl
}

// isConn reports whether t is a connection: a type that implements
// net.Conn, such as net.Conn itself or *net.TCPConn.
func (idx *index) isConn(t types.Type) bool {
	if idx.conn == nil || t == nil {
		return false
	}
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedNil {
		return false
	}
	return types.Implements(t, idx.conn)
}

// streamLevel says how surely e is a network stream: isStream for a
// connection or a bufio wrapper around one; maybeStream for an io.Reader
// or io.Writer interface value (a connection, as far as a handler can
// tell) or a wrapper around one; else notStream.
func (idx *index) streamLevel(e ast.Expr) int {
	t := idx.info.TypeOf(e)
	if idx.isConn(t) {
		return isStream
	}
	if obj := objOf(idx.info, e); obj != nil {
		if lvl, ok := idx.wrapped[obj]; ok {
			return lvl
		}
	}
	if lvl := idx.wrapLevel(e); lvl != notStream {
		return lvl
	}
	if t != nil && types.IsInterface(t) && !inMemory(t) && (hasIOMethod(t, "Read") || hasIOMethod(t, "Write")) {
		return maybeStream
	}
	return notStream
}

// declOf returns the body of the package's own function that call calls
// statically, or nil.
func (idx *index) declOf(call *ast.CallExpr) *ast.FuncDecl {
	fn := calleeFunc(idx.info, call)
	if fn == nil {
		return nil
	}
	return idx.decls[fn.Origin()]
}

// inspectBody walks body like ast.Inspect, without entering function
// literals: their code runs later, or elsewhere, or not at all.
func inspectBody(body ast.Node, f func(ast.Node) bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}
