// Command limits-mutant runs one of the known-wrong stage 05 servers, so
// that the suite can be shown to reject it as an external command too:
//
//	go build -o bin/limits-mutant ./solutions/stage05-limits/mutants/cmd/limits-mutant
//	WORKBOOK_CMD='bin/limits-mutant -mutant silent-reject' go test ./stage05-limits/... -run 'Limits/reject'
//
// Only the mutants whose mistake shows over TCP make sense here; the others
// are caught by in-process checks, which an external command skips.
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	limits "tcpworkbook/solutions/stage05-limits"
	"tcpworkbook/solutions/stage05-limits/mutants"
	"tcpworkbook/stage05-limits/limitstest"
)

func main() {
	pick := run.MutantFlag(mutants.All)
	// The reference command's flags, from the same facts.
	var cfg limitstest.Config
	var policy limits.Policy
	limitstest.MaxConnsFlag.Declare(&cfg.MaxConns)
	limitstest.PolicyFlag.Declare(&policy)
	limitstest.MaxLineFlag.Declare(&cfg.MaxLine)
	limitstest.IdleFlag.Declare(&cfg.Idle)
	limitstest.DrainFlag.Declare(&cfg.Drain)
	run.Main(run.Program{
		Name: "limits-mutant",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			impl, err := pick()
			if err != nil {
				return err
			}
			cfg.Policy, cfg.Log = policy.String(), log
			return impl.Serve(ctx, ln, cfg)
		},
	})
}
