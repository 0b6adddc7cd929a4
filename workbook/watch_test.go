package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until the output contains want n times, or fails.
func waitFor(t *testing.T, out *syncBuffer, want string, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for strings.Count(out.String(), want) < n {
		if time.Now().After(deadline) {
			require.Failf(t, "timed out", "waited 15s for %q (×%d) in the output:\n%s", want, n, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// testWatch starts -watch on a made-up workbook whose stage 01 fails
// until the second run, saves a .go file, and expects a second run of that
// stage alone, after which it watches every stage.
func testWatch(t *testing.T, extra ...string) {
	root := t.TempDir()
	dir := filepath.Join(root, "stage01-echo")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "cmd"), 0o755))
	file := filepath.Join(dir, "cmd", "main.go")
	require.NoError(t, os.WriteFile(file, []byte("package main\n"), 0o644))

	var calls atomic.Int32
	saved := newRunner
	replay := fakeRunner(map[string]fixture{"stage01-echo": {json: "starter.json"}})
	pass := fakeRunner(map[string]fixture{"stage01-echo": {json: "reference.json"}})
	newRunner = func(root string, noRace bool) func(context.Context, stage) *stageResult {
		return func(ctx context.Context, st stage) *stageResult {
			if st.Dir != "stage01-echo" {
				return replay(root, noRace)(ctx, st)
			}
			if calls.Add(1) == 1 {
				return replay(root, noRace)(ctx, st)
			}
			return pass(root, noRace)(ctx, st)
		}
	}
	savedStaged := newStaged
	newStaged = nil
	defer func() { newRunner, newStaged = saved, savedStaged }()

	ctx, cancel := context.WithCancel(context.Background())
	out := new(syncBuffer)
	code := make(chan int, 1)
	go func() {
		code <- cli(ctx, append([]string{"-root", root, "-watch"}, extra...), out, out, false, false)
	}()
	defer func() {
		cancel()
		require.Equal(t, 0, <-code)
	}()

	waitFor(t, out, "Watching stage01-echo/:", 1)
	require.Contains(t, out.String(), "First failing check: Echo/short")
	// A file that is not Go changes nothing; a saved .go file, even in a
	// subfolder, runs the checks again.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644))
	require.NoError(t, os.WriteFile(file, []byte("package main\n\nfunc main() {}\n"), 0o644))
	waitFor(t, out, "Every stage with tests passes (1)", 1)
	waitFor(t, out, "Watching stage01-echo/:", 2)
	require.Equal(t, int32(2), calls.Load(), "stage 01 alone runs again")
	require.Contains(t, out.String(), strings.Repeat("─", 60), "runs are separated when the output is not a terminal")
}

func TestWatch(t *testing.T) { testWatch(t) }

func TestWatchPoll(t *testing.T) { testWatch(t, "-poll") }

// TestWatchVerdictFirst: a stage that passes without the race detector
// shows as passing at once, confirming under -race; the race run's verdict
// replaces it when it ends, and a save in the meantime cancels that run.
func TestWatchVerdictFirst(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "stage01-echo")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	file := filepath.Join(dir, "echo.go")
	require.NoError(t, os.WriteFile(file, []byte("package echo\n"), 0o644))

	pass := fakeRunner(map[string]fixture{"stage01-echo": {json: "reference.json"}})
	release := make(chan struct{})
	var cancelled atomic.Int32
	savedRunner, savedStaged := newRunner, newStaged
	newRunner = pass
	newStaged = func(root string, noRace bool) (func(context.Context, stage) *stageResult, func(context.Context, stage, *stageResult) *stageResult) {
		first := raceStillRunning(pass(root, noRace))
		var confirms atomic.Int32
		confirm := func(ctx context.Context, st stage, r *stageResult) *stageResult {
			if confirms.Add(1) > 1 { // the start's own run goes through
				select {
				case <-release:
				case <-ctx.Done():
					cancelled.Add(1)
				}
			}
			r.Race = raceClean
			return r
		}
		return first, confirm
	}
	defer func() { newRunner, newStaged = savedRunner, savedStaged }()

	ctx, cancel := context.WithCancel(context.Background())
	out := new(syncBuffer)
	code := make(chan int, 1)
	go func() { code <- cli(ctx, []string{"-root", root, "-watch", "-stage", "1"}, out, out, false, false) }()
	defer func() {
		cancel()
		require.Equal(t, 0, <-code)
	}()
	waitFor(t, out, "Watching stage01-echo/:", 1)
	n := strings.Count(out.String(), "confirming under go test -race…")

	require.NoError(t, os.WriteFile(file, []byte("package echo\n\n// one\n"), 0o644))
	waitFor(t, out, "confirming under go test -race…", n+1)
	require.NoError(t, os.WriteFile(file, []byte("package echo\n\n// two\n"), 0o644))
	waitFor(t, out, "confirming under go test -race…", n+2)
	// At least once: an editor's save can reach the watcher as two events
	// far enough apart to be two saves.
	require.Eventually(t, func() bool { return cancelled.Load() >= 1 }, 5*time.Second, 10*time.Millisecond,
		"the second save cancels the first save's race run")
	close(release)
	waitFor(t, out, "Watching stage01-echo/:", 2)
	last := out.String()[strings.LastIndex(out.String(), strings.Repeat("─", 60)):]
	require.NotContains(t, last, "confirming under go test -race", "the race run's verdict replaces the interim one")
}

// TestOnceVerdictFirst: the one-shot view shows a stage that passes
// without the race detector at once, then what the race run found.
func TestOnceVerdictFirst(t *testing.T) {
	pass := fakeRunner(map[string]fixture{"stage01-echo": {json: "reference.json"}})
	race := fakeRunner(map[string]fixture{"stage01-echo": {json: "race.json"}})
	savedRunner, savedStaged := newRunner, newStaged
	newRunner = pass
	newStaged = func(root string, noRace bool) (func(context.Context, stage) *stageResult, func(context.Context, stage, *stageResult) *stageResult) {
		first := raceStillRunning(pass(root, noRace))
		confirm := func(ctx context.Context, st stage, _ *stageResult) *stageResult {
			r := race(root, noRace)(ctx, st)
			r.Race = raceFailed
			return r
		}
		return first, confirm
	}
	defer func() { newRunner, newStaged = savedRunner, savedStaged }()

	var out bytes.Buffer
	code := cli(context.Background(), []string{"-root", "testdata/root", "-stage", "1"}, &out, &out, false, false)
	got := out.String()
	t.Log(got)
	require.Equal(t, 1, code, "a race fails the stage")
	require.Contains(t, got, "confirming under go test -race…")
	require.Contains(t, got, "Under the race detector")
	require.Contains(t, got, "01 echo: fails under go test -race")
	require.Contains(t, got, "a data race in your code")
	require.Less(t, strings.Index(got, "confirming under go test -race…"), strings.Index(got, "Under the race detector"))
}

// raceStillRunning is run, its verdict shown while the race run is still
// going, as the staged runner's first step gives it.
func raceStillRunning(run func(context.Context, stage) *stageResult) func(context.Context, stage) *stageResult {
	return func(ctx context.Context, st stage) *stageResult {
		r := run(ctx, st)
		r.Race = raceRunning
		return r
	}
}
