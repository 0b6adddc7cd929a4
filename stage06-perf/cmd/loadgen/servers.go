package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// serverSpec is one server that compare mode can start.
type serverSpec struct {
	name  string
	pkg   string   // a Go package to build; its binary is the command
	argv  []string // the command, when there is nothing to build
	needs string   // a program that must be installed, or the server is skipped
	note  string   // what the server is, for the footnotes
}

// builtinNames are the servers compare mode knows, in the order it runs
// them. The first is the baseline for every ratio.
func builtinNames() []string {
	return []string{"stage01-ref", "stage06-ref", "stage06-yours", "node", "python"}
}

func builtins(root string) map[string]serverSpec {
	dir := filepath.Join(root, "stage06-perf", "compare")
	return map[string]serverSpec{
		"stage01-ref":   {pkg: "tcpworkbook/solutions/stage01-echo/cmd/echo", note: "the stage 01 reference (one goroutine, 1 KiB buffer per connection)"},
		"stage06-ref":   {pkg: "tcpworkbook/solutions/stage06-perf/cmd/perf", note: "the stage 06 reference"},
		"stage06-yours": {pkg: "tcpworkbook/stage06-perf/cmd/perf", note: "your stage06-perf, as it is now"},
		"node": {argv: []string{"node", filepath.Join(dir, "echo.js")}, needs: "node",
			note: "stage06-perf/compare/echo.js, the lecture's Node.js server"},
		"python": {argv: []string{"python3", filepath.Join(dir, "echo.py")}, needs: "python3",
			note: "stage06-perf/compare/echo.py, the lecture's asyncio server"},
	}
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
