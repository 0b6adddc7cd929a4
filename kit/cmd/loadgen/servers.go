package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// serverSpec is one server that compare mode can start.
type serverSpec struct {
	name  string
	pkg   string   // a Go package to build; its binary becomes the command
	cargo string   // a Cargo project to build; argv[0] is the binary it makes
	argv  []string // the command; for pkg, set once it is built
	needs string   // a program that must be installed, or the server is skipped
	note  string   // what the server is, for the footnotes
}

// builtinNames are the servers compare mode runs unless -servers says
// otherwise, in that order. The first is the baseline for every ratio.
func builtinNames() []string {
	return []string{"stage01-ref", "stage06-ref", "stage06-yours", "tokio", "node", "python"}
}

// extraNames are servers compare mode knows but runs only when -servers
// names them: yardsticks rather than contenders.
func extraNames() []string { return []string{"go-floor"} }

// builtins are the servers compare mode knows, by name. tokioDir is the
// Cargo project of the lecture's Tokio echo.
func builtins(root, tokioDir string) map[string]serverSpec {
	dir := filepath.Join(root, "kit", "cmd", "loadgen", "compare")
	return map[string]serverSpec{
		"stage01-ref":   {pkg: "tcpworkbook/solutions/stage01-echo/cmd/echo", note: "the stage 01 reference (one goroutine, 1 KiB buffer per connection)"},
		"stage06-ref":   {pkg: "tcpworkbook/solutions/stage06-perf/cmd/perf", note: "the stage 06 reference"},
		"stage06-yours": {pkg: "tcpworkbook/stage06-perf/cmd/perf", note: "your stage06-perf, as it is now"},
		"go-floor": {pkg: "tcpworkbook/kit/cmd/loadgen/compare/gofloor",
			note: "kit/cmd/loadgen/compare/gofloor, the least a Go server holds per connection: one goroutine parked in Read, a 64-byte buffer"},
		"tokio": {cargo: tokioDir, argv: []string{filepath.Join(tokioDir, "target", "release", tokioPackage)},
			note: "the lecture's Tokio echo (1 KiB buffer per connection), built from " + tokioDir},
		"node": {argv: []string{"node", filepath.Join(dir, "echo.js")}, needs: "node",
			note: "kit/cmd/loadgen/compare/echo.js, the lecture's Node.js server"},
		"python": {argv: []string{"python3", filepath.Join(dir, "echo.py")}, needs: "python3",
			note: "kit/cmd/loadgen/compare/echo.py, the lecture's asyncio server"},
	}
}

// tokioPackage is the package name in the Tokio echo's Cargo.toml, which
// cargo gives its binary.
const tokioPackage = "tokio-echo"

// tokioDir is where the Tokio echo's Cargo project is: flagDir (-tokio),
// or tokio-echo at the workspace root. It is made absolute because cargo
// runs in that directory, not in this one.
func tokioDir(root, flagDir string) (string, error) {
	if flagDir == "" {
		return filepath.Join(root, tokioPackage), nil
	}
	return filepath.Abs(flagDir)
}

// parseServer reads a -server flag: name=command args.
func parseServer(s string) (serverSpec, error) {
	name, command, ok := strings.Cut(s, "=")
	argv := strings.Fields(command)
	if !ok || strings.TrimSpace(name) == "" || len(argv) == 0 {
		return serverSpec{}, fmt.Errorf("want name=command, got %q", s)
	}
	return serverSpec{name: strings.TrimSpace(name), argv: argv, note: command}, nil
}
