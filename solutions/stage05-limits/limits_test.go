package limits_test

import (
	"context"
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

// Each mutant makes one common mistake; the named check must catch it.
func TestMutants(t *testing.T) {
	check.Mutants(t, []check.Mutant{
		{Name: "silent-reject", Check: "reject"},
		{Name: "no-release-on-error", Check: "free-on-error"},
		{Name: "no-release-on-panic", Check: "free-on-panic"},
		{Name: "no-recover", Check: "panic-contained"},
		{Name: "wait-rejects", Check: "wait"},
		{Name: "acquire-after-accept", Check: "wait-before-accept"},
		{Name: "wait-ignores-cancel", Check: "wait-stop"},
		{Name: "exit-on-temporary", Check: "accept-temporary"},
		{Name: "spin", Check: "accept-backoff"},
		{Name: "no-backoff-reset", Check: "accept-backoff"},
		{Name: "retry-everything", Check: "accept-permanent"},
		{Name: "watcher-leak", Check: "goroutines"},
		{Name: "no-idle", Check: "idle"},
		{Name: "closed-is-error", Check: "serve-returns", Says: "net.ErrClosed"},
		{Name: "canceled-is-error", Check: "shutdown", Says: "not ctx.Err()"},
	}, func(t *testing.T, name string) {
		limitstest.Run(t, limitstest.Impl{Serve: mutants.Servers[name]})
	})
}
