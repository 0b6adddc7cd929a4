package framing_test

import (
	"context"
	"fmt"
	"maps"
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	framing "tcpworkbook/solutions/stage02-framing"
	"tcpworkbook/solutions/stage02-framing/mutants"
	"tcpworkbook/stage02-framing/framingtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFraming(t *testing.T) { framingtest.Run(t, framingtest.Impl{Serve: serve}) }

// serve runs the reference server that cfg names.
func serve(_ context.Context, ln net.Listener, cfg framingtest.Config) error {
	switch cfg.Server {
	case framingtest.Lines:
		s := framing.LineServer{MaxLine: cfg.MaxLine}
		return s.Serve(ln)
	case framingtest.Counter:
		s := framing.Counter{MaxLine: cfg.MaxLine}
		return s.Serve(ln)
	case framingtest.File:
		s, err := framing.NewFileServer(cfg.Path)
		if err != nil {
			return err
		}
		return s.Serve(ln)
	case framingtest.Root:
		s, err := framing.NewRootServer(cfg.Root)
		if err != nil {
			return err
		}
		defer s.Close()
		return s.Serve(ln)
	}
	return fmt.Errorf("no server called %q", cfg.Server)
}

// Each mutant makes one common mistake; the check the manifest names must
// catch it and point at the TODO it names.
func TestMutants(t *testing.T) {
	check.Mutants(t, framingtest.Manifest.Mutants, func(t *testing.T, name string) {
		framingtest.Run(t, framingtest.Impl{Serve: withMutant(name)})
	})
}

// TestMutantNames: the manifest and the mutants package know the same
// mutants, so none is written and never tried, or tried and missing.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, framingtest.Manifest.Mutants, maps.Keys(mutants.Lines), maps.Keys(mutants.Counters),
		maps.Keys(mutants.Files), maps.Keys(mutants.Roots))
	for _, m := range framingtest.Manifest.Mutants {
		if m.Todo == 0 {
			t.Errorf("mutant %q names no TODO", m.Name)
		}
	}
}

// withMutant is the reference with the server that the mutant called name
// replaces.
func withMutant(name string) check.Serve[framingtest.Config] {
	return func(ctx context.Context, ln net.Listener, cfg framingtest.Config) error {
		var m mutants.Server
		var err error
		switch lines, counter, file, root := mutants.Lines[name], mutants.Counters[name], mutants.Files[name], mutants.Roots[name]; {
		case cfg.Server == framingtest.Lines && lines != nil:
			m = lines(cfg.MaxLine)
		case cfg.Server == framingtest.Counter && counter != nil:
			m = counter(cfg.MaxLine)
		case cfg.Server == framingtest.File && file != nil:
			m, err = file(cfg.Path)
		case cfg.Server == framingtest.Root && root != nil:
			m, err = root(cfg.Root)
		default:
			return serve(ctx, ln, cfg)
		}
		if err != nil {
			return err
		}
		return m(ln)
	}
}
