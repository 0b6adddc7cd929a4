package miniredis_test

import (
	"context"
	"maps"
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	miniredis "tcpworkbook/solutions/stage07-miniredis"
	"tcpworkbook/solutions/stage07-miniredis/mutants"
	"tcpworkbook/stage07-miniredis/miniredistest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMiniredis(t *testing.T) {
	miniredistest.Run(t, miniredistest.Impl{Serve: serve})
}

// serve runs the reference configured as the suite asks.
func serve(ctx context.Context, ln net.Listener, cfg miniredistest.Config) error {
	s := miniredis.Server{
		MaxBulk:     cfg.MaxBulk,
		MaxClients:  cfg.MaxClients,
		IdleTimeout: cfg.Timeout,
		PubSubLimit: cfg.PubSubLimit,
		Log:         cfg.Log,
	}
	return s.Serve(ctx, ln)
}

// Each mutant makes one common mistake; the check the manifest names must
// catch it and point at the TODO it names.
func TestMutants(t *testing.T) {
	check.Mutants(t, miniredistest.Manifest.Mutants, func(t *testing.T, name string) {
		miniredistest.Run(t, mutants.All[name])
	})
}

// TestMutantNames: the manifest and the mutants package know the same mutants.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, miniredistest.Manifest.Mutants, maps.Keys(mutants.All))
}
