package limits_test

import (
	"context"
	"maps"
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	limits "tcpworkbook/solutions/stage05-limits"
	"tcpworkbook/solutions/stage05-limits/mutants"
	"tcpworkbook/stage05-limits/limitstest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestLimits(t *testing.T) {
	limitstest.Run(t, limitstest.Impl{Serve: serve})
}

func serve(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := limits.Server{
		MaxConns: cfg.MaxConns,
		Policy:   limits.Policy(cfg.Policy),
		MaxLine:  cfg.MaxLine,
		Idle:     cfg.Idle,
		Drain:    cfg.Drain,
		Handler:  cfg.Handler,
		Sleep:    cfg.Sleep,
		Log:      cfg.Log,
	}
	return s.Serve(ctx, ln)
}

// Each mutant makes one common mistake; the check the manifest names must
// catch it and point at the TODO it names.
func TestMutants(t *testing.T) {
	check.Mutants(t, limitstest.Manifest.Mutants, func(t *testing.T, name string) {
		limitstest.Run(t, mutants.All[name])
	})
}

// TestMutantNames keeps the manifest and the mutants package in step:
// every mutant is in both, once.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, limitstest.Manifest.Mutants, maps.Keys(mutants.All))
}
