package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpworkbook/kit/stacks"
)

// A dump as runtime.Stack writes it: a handler stuck in a second release,
// Serve waiting for it, and the test's own goroutine.
const sampleDump = `goroutine 7 [chan receive]:
tcpworkbook/stage05-limits.semaphore.release(...)
	/ws/stage05-limits/limits.go:12
tcpworkbook/stage05-limits.(*Server).serveConn(0xc000010000, {0x1, 0x2})
	/ws/stage05-limits/limits.go:9 +0x1a5
created by tcpworkbook/stage05-limits.(*Server).accept in goroutine 6
	/ws/stage05-limits/limits.go:3 +0x2b

goroutine 6 [semacquire, 2 minutes]:
sync.(*WaitGroup).Wait(0xc0000a0000)
	/usr/local/go/src/sync/waitgroup.go:118 +0x48
tcpworkbook/stage05-limits.(*Server).Serve(0xc000010000)
	/ws/stage05-limits/limits.go:4 +0x55
tcpworkbook/kit/check.(*T).StartOn.func1()
	/ws/kit/check/server.go:66 +0x40

goroutine 1 [running]:
tcpworkbook/stage05-limits/limitstest.(*suite).reject(0xc0000a0000)
	/ws/stage05-limits/limitstest/limit.go:20 +0x10
`

// sampleFile is the stage's file the dump's lines point into.
const sampleFile = `package limits

func (s *Server) accept() {}
func (s *Server) Serve() { s.wg.Wait() }

func (s *Server) serveConn() {
	// TODO(2): give the slot back on every way out.
	defer release()
	defer release()
}

func (s semaphore) release() { <-s }
`

func TestParseStacks(t *testing.T) {
	gs := stacks.Parse(sampleDump, "/ws")
	require.Len(t, gs, 3)
	assert.Equal(t, "chan receive", gs[0].Wait())
	assert.Equal(t, "semacquire", gs[1].Wait(), "the wait's duration is not part of the state")
	require.Len(t, gs[0].Frames, 2, "the creator's frame is not the goroutine's")
	assert.Equal(t, stacks.Frame{Func: "tcpworkbook/stage05-limits.semaphore.release", File: "stage05-limits/limits.go", Line: 12}, gs[0].Frames[0])
	assert.Equal(t, "/usr/local/go/src/sync/waitgroup.go", gs[1].Frames[0].File, "files outside the root keep their path")
}

func TestStuckReport(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "stage05-limits", "limits.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.WriteFile(file, []byte(sampleFile), 0o644))

	detail, todo, kind := stuckReport(stacks.Parse(sampleDump, "/ws"), root)
	assert.Equal(t, "The server's goroutines still running, and where they wait:\n"+
		"  1 × semaphore.release at stage05-limits/limits.go:12, waiting (chan receive)\n"+
		"  1 × (*Server).Serve at stage05-limits/limits.go:4, waiting (semacquire)", detail,
		"the harness's and the suite's own goroutines are left out")
	assert.Equal(t, 2, todo, "release holds no TODO, so the TODO is its caller's")
	assert.Equal(t, stuckRelease, kind, "a release waiting to receive is a slot given back twice")

	detail, todo, _ = stuckReport(stacks.Parse(sampleDump, "/ws")[2:], root)
	assert.Empty(t, detail, "no goroutine of the server: nothing to say")
	assert.Zero(t, todo)

	spin := stacks.Parse(sampleDump, "/ws")
	spin[1].State = "runnable" // Serve, going round its loop
	detail, todo, kind = stuckReport(spin, root)
	assert.Equal(t, stuckSpinning, kind, "a goroutine still running after the stop is a loop that never ends")
	assert.Contains(t, detail, "(*Server).Serve at stage05-limits/limits.go:4, not waiting but running (runnable)")
	assert.Zero(t, todo, "the spinning loop holds no TODO here: not that of what waits for it")
}
