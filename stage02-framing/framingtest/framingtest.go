// Package framingtest is the stage 02 suite: the checks for a line echo
// server (kit/linecheck), a line counter and a file server. Call Run from a test with your
// implementation, in the style of golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address, except
// those marked InProcess.
package framingtest

import (
	"testing"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/linecheck"
)

// DefaultMaxLine is the line limit the checks use when the limit is not
// what they are about: 64 KiB, the servers' default.
const DefaultMaxLine = linecheck.DefaultMaxLine

// Server names one of the stage's servers.
type Server string

// The servers of stage 02, as Config.Server names them.
const (
	Lines   Server = "lines"   // the line echo server (cmd/lines)
	Counter Server = "counter" // the line counter (cmd/counter)
	File    Server = "file"    // the file server with -file (cmd/fileserver)
	Root    Server = "root"    // the file server with -root (cmd/fileserver)
)

// Config is what a check asks for: which server, and its settings.
type Config struct {
	Server Server
	// MaxLine is the longest line accepted by Lines and Counter, in
	// bytes, not counting "\n" or "\r\n".
	MaxLine int
	// Path is the file File sends to every client.
	Path string
	// Root is the directory Root serves files from, by name.
	Root string
}

// Command is the command that serves cfg, with its flags: cmd/lines for
// Lines (WORKBOOK_CMD), cmd/counter for Counter (WORKBOOK_CMD_COUNTER),
// cmd/fileserver for File and Root (WORKBOOK_CMD_FILESERVER).
func (cfg Config) Command() (server string, flags []string) {
	if cfg.MaxLine != 0 {
		flags = MaxLineFlag.Arg(cfg.MaxLine)
	}
	switch cfg.Server {
	case Counter:
		return "counter", flags
	case File:
		return "fileserver", FileFlag.Arg(cfg.Path)
	case Root:
		return "fileserver", RootFlag.Arg(cfg.Root)
	}
	return "", flags
}

// Impl is the code under test.
type Impl struct {
	// Serve runs the server cfg names on ln until ln is closed. A
	// configuration that cannot be served (a missing file, a directory
	// given as Path) is an error returned at once, before any client.
	Serve check.Serve[Config]
}

// Run runs every stage 02 check against impl, in three groups: Lines,
// Counter and Files.
func Run(t *testing.T, impl Impl) {
	t.Helper()
	lines := func(maxLine int) Config { return Config{Server: Lines, MaxLine: maxLine} }
	cases := linecheck.Cases(impl.Serve, lines, 2)
	cases = append(cases, counterCases(impl.Serve)...)
	cases = append(cases, fileCases(impl.Serve)...)
	check.Run(t, Manifest.Suite(), cases)
}
