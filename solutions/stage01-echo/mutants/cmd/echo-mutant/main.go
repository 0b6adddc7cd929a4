// Command echo-mutant runs one of the known-wrong echo servers, so that the
// stage 01 suite can be shown to reject it as an external command too:
//
//	go build -o bin/echo-mutant ./solutions/stage01-echo/mutants/cmd/echo-mutant
//	WORKBOOK_CMD='bin/echo-mutant -mutant whole-buffer' go test ./stage01-echo/... -run 'Echo/binary'
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage01-echo/mutants"
)

var pick = run.MutantFlag(mutants.Servers)

func main() {
	run.Main(run.Program{
		Name: "echo-mutant",
		Serve: func(_ context.Context, ln net.Listener, _ *slog.Logger) error {
			serve, err := pick()
			if err != nil {
				return err
			}
			return serve(ln)
		},
	})
}
