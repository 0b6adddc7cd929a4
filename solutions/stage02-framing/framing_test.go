package framing_test

import (
	"context"
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	framing "tcpworkbook/solutions/stage02-framing"
	"tcpworkbook/solutions/stage02-framing/mutants"
	"tcpworkbook/stage02-framing/framingtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFraming(t *testing.T) { framingtest.Run(t, reference) }

var reference = framingtest.Impl{
	Lines: func(maxLine int) check.ServeFunc {
		s := &framing.LineServer{MaxLine: maxLine}
		return func(_ context.Context, ln net.Listener) error { return s.Serve(ln) }
	},
	Counter: func(maxLine int) check.ServeFunc {
		s := &framing.Counter{MaxLine: maxLine}
		return func(_ context.Context, ln net.Listener) error { return s.Serve(ln) }
	},
	File: func(path string) (check.ServeFunc, error) {
		s, err := framing.NewFileServer(path)
		if err != nil {
			return nil, err
		}
		return func(_ context.Context, ln net.Listener) error { return s.Serve(ln) }, nil
	},
	Root: func(dir string) (check.ServeFunc, error) {
		s, err := framing.NewRootServer(dir)
		if err != nil {
			return nil, err
		}
		return func(_ context.Context, ln net.Listener) error {
			defer s.Close()
			return s.Serve(ln)
		}, nil
	},
}

// Each mutant makes one common mistake; the named check must catch it.
func TestMutants(t *testing.T) {
	check.Mutants(t, []check.Mutant{
		{Name: "ignore-scanner-error", Check: "Lines/too-long"},
		{Name: "keep-cr", Check: "Lines/crlf"},
		{Name: "never-flush", Check: "Lines/echo"},
		{Name: "drop-last-line", Check: "Lines/unterminated"},
		{Name: "read-whole-line", Check: "Lines/bounded"},
		{Name: "read-is-line", Check: "Lines/split"},
		{Name: "store-lines", Check: "Counter/memory"},
		{Name: "count-newlines", Check: "Counter/count"},
		{Name: "shared-file", Check: "Files/send"},
		{Name: "lazy-open", Check: "Files/startup"},
		{Name: "join-paths", Check: "Files/traversal"},
		{Name: "local-join", Check: "Files/symlink"},
		{Name: "no-file-check", Check: "Files/directory"},
	}, func(t *testing.T, name string) { framingtest.Run(t, withMutant(name)) })
}

// withMutant is the reference with the server that the mutant called name
// replaces.
func withMutant(name string) framingtest.Impl {
	impl := reference
	lines := func(m func(int) mutants.Server) func(int) check.ServeFunc {
		return func(maxLine int) check.ServeFunc { return adapt(m(maxLine)) }
	}
	files := func(m func(string) (mutants.Server, error)) func(string) (check.ServeFunc, error) {
		return func(path string) (check.ServeFunc, error) {
			s, err := m(path)
			if err != nil {
				return nil, err
			}
			return adapt(s), nil
		}
	}
	if m, ok := mutants.Lines[name]; ok {
		impl.Lines = lines(m)
	}
	if m, ok := mutants.Counters[name]; ok {
		impl.Counter = lines(m)
	}
	if m, ok := mutants.Files[name]; ok {
		impl.File = files(m)
	}
	if m, ok := mutants.Roots[name]; ok {
		impl.Root = files(m)
	}
	return impl
}

func adapt(s mutants.Server) check.ServeFunc {
	return func(_ context.Context, ln net.Listener) error { return s(ln) }
}
