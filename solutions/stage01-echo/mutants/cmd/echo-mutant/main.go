// Command echo-mutant runs one of the known-wrong echo servers, so that the
// stage 01 suite can be shown to reject it as an external command too:
//
//	go build -o bin/echo-mutant ./solutions/stage01-echo/mutants/cmd/echo-mutant
//	WORKBOOK_CMD='bin/echo-mutant -mutant whole-buffer' go test ./stage01-echo/... -run 'Echo/binary'
package main

import (
	"context"
	"errors"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage01-echo/mutants"
	"tcpworkbook/stage01-echo/echotest"
)

var pick = run.MutantFlag(mutants.All)

func main() {
	run.Main(run.Program{
		Name: "echo-mutant",
		Serve: func(ctx context.Context, ln net.Listener, _ *slog.Logger) error {
			impl, err := pick()
			if err != nil {
				return err
			}
			if impl.Serve == nil {
				return errors.New("this mutant's mistake is in Listen; run it with go test, not as a command")
			}
			return impl.Serve(ctx, ln, echotest.Config{})
		},
	})
}
