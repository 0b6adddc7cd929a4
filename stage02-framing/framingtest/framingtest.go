// Package framingtest is the stage 02 suite: the checks for a line echo
// server, a line counter and a file server. Call Run from a test with your
// implementation, in the style of golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address, except
// those marked InProcess.
package framingtest

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"tcpworkbook/kit/check"
)

// DefaultMaxLine is the line limit the checks use when the limit is not
// what they are about: 64 KiB, the servers' default.
const DefaultMaxLine = 64 << 10

// Impl is the code under test: one constructor per server.
type Impl struct {
	// Lines returns a line echo server that accepts lines of up to
	// maxLine bytes, not counting the line ending.
	Lines func(maxLine int) check.ServeFunc
	// Counter returns a line counter with the same limit.
	Counter func(maxLine int) check.ServeFunc
	// File returns a server that sends the file at path to every client.
	// A path that cannot be served is an error here, at start-up.
	File func(path string) (check.ServeFunc, error)
	// Root returns a server that sends any file below dir, by name.
	Root func(dir string) (check.ServeFunc, error)
}

// Stage describes stage 02 for failure messages.
var Stage = check.Stage{
	Name: "Framing",
	File: "stage02-framing/framing.go",
	Todos: map[int]string{
		1: "the loop in echoLines (answer each line, then flush when no other line is waiting)",
		2: "dropEnding: remove the \"\\r\" of a \"\\r\\n\" line ending",
		3: "readLine: a last line without \"\\n\" before EOF is still a line",
		4: "readLine: a line longer than maxLine is ErrLineTooLong",
		5: "countLines (count the lines, do not keep them)",
		6: "NewFileServer (check the file at start-up)",
		7: "sendFile (open the file for each client, io.Copy it to the connection)",
		8: "RootServer.open (open the name with os.Root, and sort its errors)",
		9: "RootServer.open (a directory is not a file)",
	},
}

// Run runs every stage 02 check against impl, in three groups: Lines,
// Counter and Files.
func Run(t *testing.T, impl Impl) {
	group(t, "Lines", LineCases(impl.Lines))
	group(t, "Counter", counterCases(impl.Counter))
	group(t, "Files", fileCases(impl.File, impl.Root))
}

// group runs cases, all named "<name>/<check>", as subtests of a subtest
// called name, so that every level of a check's name is a real test.
func group(t *testing.T, name string, cases []check.Case) {
	t.Helper()
	inner := make([]check.Case, len(cases))
	for i, tc := range cases {
		tc.Name = strings.TrimPrefix(tc.Name, name+"/")
		tc.Needs = slices.Clone(tc.Needs)
		for j, n := range tc.Needs {
			tc.Needs[j] = strings.TrimPrefix(n, name+"/")
		}
		inner[i] = tc
	}
	t.Run(name, func(t *testing.T) {
		t.Helper()
		check.Run(t, Stage, inner)
	})
}

// LineCases returns the line-echo checks, for later stages to re-run
// against their own servers. serve builds a server with the given maximum
// line length; the cases pass "-max-line", N to c.Launch. Their TODO
// numbers are stage 02's; a later stage may overwrite them.
func LineCases(serve func(maxLine int) check.ServeFunc) []check.Case {
	l := lines{serve}
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
