// Command echo-mutant runs one of the known-wrong echo servers, so that the
// stage 01 suite can be shown to reject it as an external command too:
//
//	go build -o bin/echo-mutant ./solutions/stage01-echo/mutants/cmd/echo-mutant
//	WORKBOOK_CMD='bin/echo-mutant -mutant whole-buffer' go test ./stage01-echo/... -run 'Echo/binary'
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"os"
	"slices"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage01-echo/mutants"
)

var name = flag.String("mutant", "", "which mutant to run: "+fmt.Sprint(slices.Sorted(maps.Keys(mutants.Servers))))

func main() {
	run.Main(run.Program{
		Name: "echo-mutant",
		Serve: func(_ context.Context, ln net.Listener, _ *slog.Logger) error {
			serve, ok := mutants.Servers[*name]
			if !ok {
				fmt.Fprintf(os.Stderr, "unknown -mutant %q\n", *name)
				os.Exit(2)
			}
			return serve(ln)
		},
	})
}
