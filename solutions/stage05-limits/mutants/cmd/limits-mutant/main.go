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
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	limits "tcpworkbook/solutions/stage05-limits"
	"tcpworkbook/solutions/stage05-limits/mutants"
	"tcpworkbook/stage05-limits/limitstest"
)

func main() {
	pick := run.MutantFlag(mutants.Servers)
	maxConns := flag.Int("max-conns", 100, "clients served at once")
	policy := flag.String("policy", "reject", "reject or wait")
	maxLine := flag.Int("max-line", limits.DefaultMaxLine, "the longest line, in bytes")
	idle := flag.Duration("idle", limits.DefaultIdle, "close a connection that sends nothing for this long")
	drain := flag.Duration("drain", limits.DefaultDrain, "how long a shutdown waits for connections before closing them")
	run.Main(run.Program{
		Name: "limits-mutant",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			serve, err := pick()
			if err != nil {
				return err
			}
			return serve(ctx, ln, limitstest.Config{MaxConns: *maxConns, Policy: *policy, MaxLine: *maxLine, Idle: *idle, Drain: *drain, Log: log})
		},
	})
}
