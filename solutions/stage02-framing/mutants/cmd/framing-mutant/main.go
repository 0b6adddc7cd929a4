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
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"os"
	"slices"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage02-framing/mutants"
)

var (
	name = flag.String("mutant", "", "which mutant to run: "+fmt.Sprint(names()))
	file = flag.String("file", "", "the file to send (-file mutants)")
	root = flag.String("root", "", "the directory to serve (-root mutants)")
)

// maxLine is -max-line, refused at start-up outside 1 to 64 MiB, as the
// reference commands do.
var maxLine = 64 << 10

func init() {
	flag.Var(run.IntRange(&maxLine, 1, 64<<20), "max-line", "the longest line accepted (line and counter mutants)")
}

func names() []string {
	all := slices.Collect(maps.Keys(mutants.Lines))
	all = slices.AppendSeq(all, maps.Keys(mutants.Counters))
	all = slices.AppendSeq(all, maps.Keys(mutants.Files))
	all = slices.AppendSeq(all, maps.Keys(mutants.Roots))
	slices.Sort(all)
	return all
}

func main() {
	run.Main(run.Program{
		Name: "framing-mutant",
		Serve: func(_ context.Context, ln net.Listener, _ *slog.Logger) error {
			serve, err := pick()
			if err != nil {
				return err
			}
			return serve(ln)
		},
	})
}

// pick builds the mutant named by -mutant from the other flags.
func pick() (mutants.Server, error) {
	if m, ok := mutants.Lines[*name]; ok {
		return m(maxLine), nil
	}
	if m, ok := mutants.Counters[*name]; ok {
		return m(maxLine), nil
	}
	if m, ok := mutants.Files[*name]; ok {
		return m(*file)
	}
	if m, ok := mutants.Roots[*name]; ok {
		return m(*root)
	}
	fmt.Fprintf(os.Stderr, "unknown -mutant %q\n", *name)
	os.Exit(2)
	return nil, nil
}
