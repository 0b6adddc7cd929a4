package shutdown_test

import (
	"context"
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

// Each mutant makes one common mistake; the named check must catch it.
func TestMutants(t *testing.T) {
	check.Mutants(t, []check.Mutant{
		{Name: "keeps-connections", Check: "goodbye"},
		{Name: "returns-early", Check: "handlers"},
		{Name: "cuts-in-flight", Check: "in-flight"},
		{Name: "idle-once", Check: "chatty"},
		{Name: "idle-undoes-wake", Check: "in-flight"},
		{Name: "waits-forever", Check: "drain-timeout"},
		{Name: "ignores-sigterm", Check: "process/sigterm"},
	}, func(t *testing.T, name string) {
		impl := shutdowntest.Impl{Serve: reference, Command: command}
		if serve, ok := mutants.Servers[name]; ok {
			impl.Serve = serve
		}
		if cmd, ok := mutants.Commands[name]; ok {
			impl.Command = cmd
		}
		shutdowntest.Run(t, impl)
	})
}
