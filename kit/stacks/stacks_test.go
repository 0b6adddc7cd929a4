package stacks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dump is runtime.Stack's text: a goroutine in the workspace, one in the
// standard library, and a line that is not a frame.
const dump = `goroutine 7 [chan receive, 2 minutes]:
tcpworkbook/stage05-limits.semaphore.release(...)
	/ws/stage05-limits/limits.go:12
tcpworkbook/stage05-limits.(*Server).serveConn(0xc000010000, {0x6b29d8, 0xc0000a0000})
	/ws/stage05-limits/limits.go:40 +0x1d
created by tcpworkbook/stage05-limits.(*Server).Serve in goroutine 6
	/ws/stage05-limits/limits.go:30 +0x99

goroutine 6 [semacquire]:
sync.(*WaitGroup).Wait(0xc000012345)
	/usr/local/go/src/sync/waitgroup.go:118 +0x48

not a goroutine at all`

func TestParse(t *testing.T) {
	gs := Parse(dump, "/ws")
	require.Len(t, gs, 2)
	assert.Equal(t, "chan receive, 2 minutes", gs[0].State)
	assert.Equal(t, "chan receive", gs[0].Wait(), "the wait without its duration")
	require.Len(t, gs[0].Frames, 2, "the creator's frame is not the goroutine's")
	assert.Equal(t, Frame{Func: "tcpworkbook/stage05-limits.semaphore.release", File: "stage05-limits/limits.go", Line: 12}, gs[0].Frames[0])
	assert.Equal(t, "stage05-limits/limits.go:40", gs[0].Frames[1].At())
	assert.Equal(t, "/usr/local/go/src/sync/waitgroup.go", gs[1].Frames[0].File, "files outside the root keep their path")
}

func TestParseFramesStopsAtBlankLine(t *testing.T) {
	lines := []string{"panic: boom", "", "goroutine 1 [running]:", "main.f()", "\t/x/main.go:3 +0x1", "", "main.g()", "\t/x/main.go:9"}
	assert.Equal(t, []Frame{{Func: "main.f", File: "/x/main.go", Line: 3}}, ParseFrames(lines))
}

func TestRel(t *testing.T) {
	assert.Equal(t, "a/b.go", Rel("/ws", "/ws/a/b.go"))
	assert.Equal(t, "/other/b.go", Rel("/ws", "/other/b.go"))
	assert.Equal(t, "/ws2/b.go", Rel("/ws", "/ws2/b.go"))
	assert.Equal(t, "/ws/b.go", Rel("", "/ws/b.go"))
}

func TestDumpSeesThisGoroutine(t *testing.T) {
	gs := Dump("")
	found := false
	for _, g := range gs {
		for _, f := range g.Frames {
			found = found || f.Func == "tcpworkbook/kit/stacks.TestDumpSeesThisGoroutine"
		}
	}
	assert.True(t, found, "the test's own goroutine is in the dump")
}

// A fatal runtime error, such as running out of memory, prints where each
// goroutine runs and each frame's registers too.
func TestParseFramesOfAFatalError(t *testing.T) {
	lines := []string{
		"goroutine 6 gp=0x20e93864dc20 m=3 mp=0x20e938697008 [running]:",
		"tcpworkbook/stage07-miniredis.readCommand(0x20e9386d2000, 0x20000000)",
		"\t/ws/stage07-miniredis/resp.go:59 +0xf5 fp=0x20e9386a6e18 sp=0x20e9386a6d28 pc=0x5e93d5",
	}
	assert.Equal(t, []Frame{{Func: "tcpworkbook/stage07-miniredis.readCommand", File: "/ws/stage07-miniredis/resp.go", Line: 59}}, ParseFrames(lines[1:]))
	gs := Parse(strings.Join(lines, "\n"), "/ws")
	require.Len(t, gs, 1)
	assert.Equal(t, "running", gs[0].State)
}

// TestParseID: each goroutine keeps the number its header gives.
func TestParseID(t *testing.T) {
	gs := Parse("goroutine 17 [IO wait]:\nmain.f()\n\t/x/a.go:3 +0x1\n\ngoroutine 4 [running]:\nmain.g()\n\t/x/a.go:9 +0x1\n", "")
	require.Len(t, gs, 2)
	assert.Equal(t, 17, gs[0].ID)
	assert.Equal(t, 4, gs[1].ID)
}
