package main

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tcpworkbook/kit/check"
	kitrun "tcpworkbook/kit/run"
)

// checkDefaults compares each Default constant of the starter's and the
// reference's package (DefaultMaxLine, DefaultIdle) with the default of
// the flag of the same name (-max-line, -idle): the zero Server a test
// builds and the command a student runs must behave alike.
func checkDefaults(root string, m *check.Manifest) []string {
	var problems []string
	for _, dir := range []string{m.Dir, "solutions/" + m.Dir} {
		consts, err := defaultConsts(filepath.Join(root, filepath.FromSlash(dir)))
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for _, c := range m.Commands {
			for _, f := range c.Flags {
				if p := compareDefault(f, consts); p != "" {
					problems = append(problems, dir+": "+p)
				}
			}
		}
	}
	return problems
}

// compareDefault says how the Default constant for flag f differs from
// f's default, or "" when they agree or there is no such constant.
func compareDefault(f kitrun.Flag, consts map[string]constant.Value) string {
	key := strings.ReplaceAll(f.FlagName(), "-", "")
	got, ok := consts[key]
	if !ok {
		return ""
	}
	n, exact := constant.Int64Val(got)
	if !exact {
		return fmt.Sprintf("the Default constant for -%s is not a whole number", f.FlagName())
	}
	var have string
	switch f := f.(type) {
	case kitrun.Int:
		if n == int64(f.Default) {
			return ""
		}
		have = fmt.Sprint(n)
	case kitrun.Duration:
		if n == int64(f.Default) {
			return ""
		}
		have = time.Duration(n).String()
	default:
		return ""
	}
	return fmt.Sprintf("the Default constant for -%s is %s; the flag's default is %s", f.FlagName(), have, f.DefaultText())
}

// defaultConsts evaluates the constants named Default… in the Go files of
// dir (not its tests), keyed by the rest of the name in lower case:
// DefaultMaxLine is "maxline".
func defaultConsts(dir string) (map[string]constant.Value, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	decls := map[string]ast.Expr{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				constSpecs(g, decls)
			}
		}
	}
	consts := map[string]constant.Value{}
	for name, expr := range decls {
		if rest, ok := strings.CutPrefix(name, "Default"); ok && rest != "" {
			if v := evalConst(expr, decls); v.Kind() != constant.Unknown {
				consts[strings.ToLower(rest)] = v
			}
		}
	}
	return consts, nil
}

// constSpecs records each name of g with its value's expression.
func constSpecs(g *ast.GenDecl, into map[string]ast.Expr) {
	for _, s := range g.Specs {
		vs := s.(*ast.ValueSpec)
		for i, n := range vs.Names {
			if i < len(vs.Values) {
				into[n.Name] = vs.Values[i]
			}
		}
	}
}

// timeUnits are the time package's constants, as a Default may use them.
var timeUnits = map[string]time.Duration{
	"Nanosecond": time.Nanosecond, "Microsecond": time.Microsecond, "Millisecond": time.Millisecond,
	"Second": time.Second, "Minute": time.Minute, "Hour": time.Hour,
}

// evalConst evaluates a constant expression of literals, other constants
// of the package, time units and arithmetic; anything else is Unknown.
func evalConst(e ast.Expr, decls map[string]ast.Expr) constant.Value {
	switch e := e.(type) {
	case *ast.BasicLit:
		return constant.MakeFromLiteral(e.Value, e.Kind, 0)
	case *ast.ParenExpr:
		return evalConst(e.X, decls)
	case *ast.Ident:
		if d, ok := decls[e.Name]; ok {
			return evalConst(d, decls)
		}
	case *ast.SelectorExpr:
		if pkg, ok := e.X.(*ast.Ident); ok && pkg.Name == "time" {
			if u, ok := timeUnits[e.Sel.Name]; ok {
				return constant.MakeInt64(int64(u))
			}
		}
	case *ast.BinaryExpr:
		x, y := evalConst(e.X, decls), evalConst(e.Y, decls)
		if x.Kind() == constant.Unknown || y.Kind() == constant.Unknown {
			break
		}
		if e.Op == token.SHL || e.Op == token.SHR {
			s, ok := constant.Uint64Val(y)
			if !ok {
				break
			}
			return constant.Shift(x, e.Op, uint(s))
		}
		if e.Op == token.QUO {
			return constant.BinaryOp(x, token.QUO_ASSIGN, y) // integer division, as Go's / on integers
		}
		return constant.BinaryOp(x, e.Op, y)
	}
	return constant.MakeUnknown()
}
