package shutdown_test

import (
	"context"
	"maps"
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	shutdown "tcpworkbook/solutions/stage04-shutdown"
	"tcpworkbook/solutions/stage04-shutdown/mutants"
	"tcpworkbook/stage04-shutdown/shutdowntest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const command = "tcpworkbook/solutions/stage04-shutdown/cmd/shutdown"

func reference(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := shutdown.Server{MaxLine: cfg.MaxLine, Idle: cfg.Idle, Drain: cfg.Drain}
	return s.Serve(ctx, ln)
}

func TestShutdown(t *testing.T) {
	shutdowntest.Run(t, shutdowntest.Impl{Serve: reference, Command: command})
}

// Each mutant makes one common mistake; the check the manifest names must
// catch it and point at the TODO it names.
func TestMutants(t *testing.T) {
	check.Mutants(t, shutdowntest.Manifest.Mutants, func(t *testing.T, name string) {
		impl := mutants.All[name]
		if impl.Serve == nil {
			impl.Serve = reference
		}
		if impl.Command == "" {
			impl.Command = command
		}
		shutdowntest.Run(t, impl)
	})
}

// TestMutantNames keeps the manifest and the mutants package in step:
// every mutant is in both, once.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, shutdowntest.Manifest.Mutants, maps.Keys(mutants.All))
}
