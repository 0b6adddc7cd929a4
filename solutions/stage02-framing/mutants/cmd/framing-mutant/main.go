// Command framing-mutant runs one of the known-wrong stage 02 servers, so
// that the suite can be shown to reject it as an external command too. It
// takes the flags of the command it stands in for:
//
//	go build -o bin/framing-mutant ./solutions/stage02-framing/mutants/cmd/framing-mutant
//	WORKBOOK_CMD='bin/framing-mutant -mutant keep-cr' go test ./stage02-framing/... -run 'Framing/Lines/crlf'
//	WORKBOOK_CMD=bin/lines WORKBOOK_CMD_FILESERVER='bin/framing-mutant -mutant join-paths' \
//		go test ./stage02-framing/... -run 'Framing/Files/traversal'
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage02-framing/mutants"
	"tcpworkbook/stage02-framing/framingtest"
)

// The reference commands' flags, from the same facts.
var (
	file, root string
	maxLine    int
)

func init() {
	framingtest.FileFlag.Declare(&file)
	framingtest.RootFlag.Declare(&root)
	framingtest.MaxLineFlag.Declare(&maxLine)
}

func main() {
	pick := run.MutantFlag(mutants.All)
	run.Main(run.Program{
		Name: "framing-mutant",
		Serve: func(ctx context.Context, ln net.Listener, _ *slog.Logger) error {
			impl, err := pick()
			if err != nil {
				return err
			}
			// No Server: the one the mutant replaces (see mutants.All).
			return impl.Serve(ctx, ln, framingtest.Config{MaxLine: maxLine, Path: file, Root: root})
		},
	})
}
