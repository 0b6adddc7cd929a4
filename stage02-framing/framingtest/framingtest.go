// Package framingtest is the stage 02 suite: the checks for a line echo
// server, a line counter and a file server. Call Run from a test with your
// implementation, in the style of golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address, except
// those marked InProcess.
package framingtest

import (
	"strconv"
	"testing"

	"tcpworkbook/kit/check"
)

// DefaultMaxLine is the line limit the checks use when the limit is not
// what they are about: 64 KiB, the servers' default.
const DefaultMaxLine = 64 << 10

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
	withLimit := func(s Server) func(int) check.ServeFunc {
		return func(maxLine int) check.ServeFunc { return impl.Serve.Bind(Config{Server: s, MaxLine: maxLine}) }
	}
	cases := lineCases(withLimit(Lines), 2)
	cases = append(cases, counterCases(withLimit(Counter))...)
	cases = append(cases, fileCases(impl.Serve)...)
	check.Run(t, Manifest.Stage, cases)
}

// LineCases returns the line-echo checks, for later stages to re-run
// against their own servers. serve builds a server with the given maximum
// line length; the cases pass "-max-line", N to c.Launch. Their TODO
// numbers are stage 02's; a later stage may overwrite them.
func LineCases(serve func(maxLine int) check.ServeFunc) []check.Case { return lineCases(serve, 0) }

// lineCases is LineCases; a report of a trimmed line ending points at
// endingTodo.
func lineCases(serve func(maxLine int) check.ServeFunc, endingTodo int) []check.Case {
	l := lines{serve: serve, endingTodo: endingTodo}
	// Every check after the first needs a server that answers a line:
	// while Lines/echo fails, they are held back rather than each waiting
	// out its read deadline to fail the same way.
	echo := []string{"Lines/echo"}
	return []check.Case{
		{Name: "Lines/echo", Todo: 1, Run: l.echo},
		{Name: "Lines/many", Todo: 1, Needs: echo, Run: l.many},
		{Name: "Lines/split", Todo: 1, Needs: echo, Run: l.split},
		{Name: "Lines/binary", Todo: 1, Needs: echo, Run: l.binary},
		{Name: "Lines/pipelined", Todo: 1, Needs: echo, Run: l.pipelined},
		{Name: "Lines/crlf", Todo: 2, Needs: echo, Run: l.crlf},
		{Name: "Lines/unterminated", Todo: 3, Needs: echo, Run: l.unterminated},
		{Name: "Lines/too-long", Todo: 4, Needs: echo, Run: l.tooLong},
		{Name: "Lines/bounded", Todo: 4, Needs: echo, Run: l.bounded},
	}
}

// maxLineFlag is the command-line form of a line limit.
func maxLineFlag(n int) []string { return []string{"-max-line", strconv.Itoa(n)} }
