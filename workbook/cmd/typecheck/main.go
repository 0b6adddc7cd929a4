// Command typecheck type-checks packages, their tests included, as they
// would build for other operating systems: the gate's proof that the
// workbook builds on Windows and macOS, where students also run it.
//
// From the workspace root:
//
//	go run ./workbook/cmd/typecheck -goos windows,darwin ./kit/... ./stage01-echo/...
//
// It reads the source of every package and of everything it imports, the
// standard library included, and type-checks it. That is what decides
// whether a package builds, and it takes seconds, where `GOOS=windows go
// vet` first compiles the standard library for that system (close to a
// minute on two cores, per system).
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	goos := flag.String("goos", "windows,darwin", "the operating systems to check for, separated by commas")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: typecheck [-goos windows,darwin] packages...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	failed := false
	for _, system := range strings.Split(*goos, ",") {
		problems, err := check(".", system, flag.Args())
		if err != nil {
			fmt.Fprintf(os.Stderr, "typecheck: GOOS=%s: %v\n", system, err)
			os.Exit(1)
		}
		for _, p := range problems {
			fmt.Fprintf(os.Stderr, "GOOS=%s: %s\n", system, p)
		}
		if len(problems) > 0 {
			failed = true
			continue
		}
		fmt.Printf("ok  GOOS=%s\n", system)
	}
	if failed {
		os.Exit(1)
	}
}
