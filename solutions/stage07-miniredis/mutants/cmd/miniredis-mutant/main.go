// Command miniredis-mutant runs one of the known-wrong stage 07 servers,
// so that CI can show the suite rejects it as an external command too:
//
//	WORKBOOK_CMD='bin/miniredis-mutant -mutant no-reply' go test ./stage07-miniredis/...
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
	run.Main(run.Program{
		Name: "miniredis-mutant",
		Serve: func(ctx context.Context, ln net.Listener, _ *slog.Logger) error {
			impl, err := pick()
			if err != nil {
				return err
			}
			return impl.Serve(ctx, ln, miniredistest.Config{})
		},
	})
}
