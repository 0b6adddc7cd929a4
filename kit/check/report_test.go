package check

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The failure messages are the workbook's teaching voice. These saved-output
// tests keep them from drifting: run with -update after a deliberate change
// and read the diff.

var stage = Stage{
	Name:      "Echo",
	File:      "stage01-echo/echo.go",
	Todos:     map[int]string{1: "the accept loop", 2: "the read/write loop"},
	ServeTodo: 1,
}

func sample(todo int, evs ...event) *T {
	return &T{stage: stage, todo: todo, name: "TestEcho/sample", log: evs}
}

func sent(who, s string) event { return dataEvent(who, evSent, []byte(s)) }
func recv(who, s string) event { return dataEvent(who, evReceived, []byte(s)) }
func note(who, s string) event { return event{who: who, kind: evNote, text: s} }

func TestReports(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 100)
	bigWrong := bytes.Clone(big)
	bigWrong[500] = 'X'

	cases := map[string]struct {
		c *T
		f failure
	}{
		"timeout-nothing": {
			sample(2, note("alice", "connected"), sent("alice", "hello\n")),
			failure{headline: "alice did not receive everything expected", client: "alice", want: []byte("hello\n"), compare: true, err: os.ErrDeadlineExceeded},
		},
		"eof-partial": {
			sample(2, note("alice", "connected"), sent("alice", "hello\n"), recv("alice", "hel")),
			failure{headline: "alice did not receive everything expected", client: "alice", got: []byte("hel"), want: []byte("hello\n"), compare: true, err: io.EOF},
		},
		"mismatch-crlf": {
			sample(2, note("bob", "connected"), sent("bob", "hi\r\n"), recv("bob", "hi\r")),
			failure{headline: "bob received the wrong bytes", client: "bob", got: []byte("hi\r"), want: []byte("hi\n"), compare: true},
		},
		"mismatch-long": {
			sample(2, note("alice", "connected"), sent("alice", string(big)), recv("alice", string(bigWrong[:600]))),
			failure{headline: "alice received the wrong bytes", client: "alice", got: bigWrong[:600], want: big, compare: true},
		},
		"reset": {
			sample(2, note("carol", "connected"), sent("carol", "x")),
			failure{headline: "carol did not receive everything expected", client: "carol", want: []byte("x"), compare: true, err: syscall.ECONNRESET},
		},
		"refused": {
			sample(1, note("dave", "could not connect to 127.0.0.1:9")),
			failure{headline: "dave could not connect", client: "dave", err: syscall.ECONNREFUSED},
		},
		"focus-on-failing-client": {
			sample(1, crowd(30)...),
			failure{
				headline: "client07 did not receive everything expected", client: "client07",
				want: []byte("round 0 from client 07\n"), compare: true, err: os.ErrDeadlineExceeded,
			},
		},
		"bulk-folded": {
			sample(2, append([]event{note("alice", "connected")}, repeat(sent("alice", "chunk"), 40)...)...),
			failure{headline: "a background writer failed", err: syscall.EPIPE, client: "alice", writing: true},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			golden(t, name, tc.c.report(tc.f))
		})
	}
}

func TestLeakSummary(t *testing.T) {
	report := `found unexpected goroutines:
[Goroutine 19 in state chan receive, with example.com/m.Leak.func1.1 on top of the stack:
example.com/m.Leak.func1.1()
	/src/m/leak.go:12 +0x77
created by example.com/m.Leak.func1 in goroutine 18
	/src/m/leak.go:11 +0xd9
 Goroutine 12 in state chan receive, with example.com/m.Leak.func1.1 on top of the stack:
example.com/m.Leak.func1.1()
	/src/m/leak.go:12 +0x77
 Goroutine 7 in state IO wait, with internal/poll.runtime_pollWait on top of the stack:
internal/poll.runtime_pollWait()
	/go/src/runtime/netpoll.go:351 +0x85
 Goroutine 9 in state IO wait, with internal/poll.runtime_pollWait on top of the stack:
internal/poll.runtime_pollWait(0x7f, 0x72)
	/usr/local/go/src/runtime/netpoll.go:351 +0x85
net.(*conn).Read(0xc0000a6000, {0xc0000b8000, 0x400, 0x400})
	/usr/local/go/src/net/net.go:194 +0x45
example.com/m.(*Server).handle(0xc0000a2000, {0x6e1a40, 0xc0000a6000})
	/src/m/echo.go:52 +0x95
created by example.com/m.(*Server).Serve in goroutine 6
	/src/m/echo.go:40 +0x1b1
]`
	golden(t, "leak-summary", summarizeLeaks(report))
}

func TestQuoteIsByteLocal(t *testing.T) {
	// Each byte must quote the same way alone as inside a longer string, or
	// the caret drifts.
	for b := range 256 {
		one := quote([]byte{byte(b)})
		two := quote([]byte{'a', byte(b), 'z'})
		assert.Equal(t, `"a`+one[1:len(one)-1]+`z"`, two, "byte %#x", b)
	}
}

// crowd is n clients that each connect and send one line.
func crowd(n int) []event {
	var evs []event
	for i := range n {
		who := fmt.Sprintf("client%02d", i)
		evs = append(evs, note(who, "connected"), sent(who, fmt.Sprintf("round 0 from client %02d\n", i)))
	}
	return evs
}

func repeat(ev event, n int) []event {
	out := make([]event, n)
	for i := range out {
		out[i] = ev
	}
	return out
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file; run go test ./kit/check -update")
	assert.Equal(t, string(want), got, fmt.Sprintf("%s changed; if that is intended, run with -update", path))
}
