// Command miniredis-mutant runs one of the known-wrong stage 07 servers,
// so that CI can show the suite rejects it as an external command too:
//
//	WORKBOOK_CMD='bin/miniredis-mutant -mutant no-inline' go test ./stage07-miniredis/...
//
// It takes the flags of cmd/miniredis and passes them to the mutant, as
// the suite's Config.
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage07-miniredis/mutants"
	"tcpworkbook/stage07-miniredis/miniredistest"
)

var pick = run.MutantFlag(mutants.All)

func main() {
	var cfg miniredistest.Config
	miniredistest.MaxBulkFlag.Declare(&cfg.MaxBulk)
	miniredistest.MaxClientsFlag.Declare(&cfg.MaxClients)
	miniredistest.TimeoutFlag.Declare(&cfg.Timeout)
	miniredistest.PubSubLimitFlag.Declare(&cfg.PubSubLimit)
	run.Main(run.Program{
		Name: "miniredis-mutant",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			impl, err := pick()
			if err != nil {
				return err
			}
			cfg.Log = log
			return impl.Serve(ctx, ln, cfg)
		},
	})
}
