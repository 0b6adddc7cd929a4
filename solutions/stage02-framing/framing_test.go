package framing_test

import (
	"maps"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	"tcpworkbook/solutions/stage02-framing/mutants"
	"tcpworkbook/stage02-framing/framingtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFraming(t *testing.T) { framingtest.Run(t, framingtest.Impl{Serve: mutants.Reference}) }

// Each mutant makes one common mistake; the check the manifest names must
// catch it and point at the TODO it names.
func TestMutants(t *testing.T) {
	check.Mutants(t, framingtest.Manifest.Mutants, func(t *testing.T, name string) {
		framingtest.Run(t, mutants.All[name])
	})
}

// TestMutantNames: the manifest and the mutants package know the same
// mutants, so none is written and never tried, or tried and missing.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, framingtest.Manifest.Mutants, maps.Keys(mutants.All))
	for _, m := range framingtest.Manifest.Mutants {
		if m.Todo == 0 {
			t.Errorf("mutant %q names no TODO", m.Name)
		}
	}
}
