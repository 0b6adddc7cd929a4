package main

import (
	kit "tcpworkbook/kit/check"

	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readRun is a saved go test -json run from testdata/runs.
func readRun(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(runsDir, name))
	require.NoError(t, err)
	return b
}

var echoStage = stage{Num: 1, Dir: "stage01-echo", Name: "echo"}

// TestParseRunExit: a handler's log.Fatalf ends the test binary in the
// middle of Echo/reset, with no stack. The run says during which check,
// and the source says which call.
func TestParseRunExit(t *testing.T) {
	r := parseRun(echoStage, readRun(t, "exit.json"), nil, os.ErrInvalid)
	require.Equal(t, failed, r.Status)
	require.NotNil(t, r.Exited)
	require.Equal(t, "Echo/reset", r.Exited.Path)
	require.Same(t, r.Exited, r.FirstFailure())
	require.Regexp(t, `connection failed after \d+ bytes`, lastLogLine(r.Exited))

	ec, ok := exitOf(exitedRoot, r, r.Exited)
	require.True(t, ok)
	require.Equal(t, "stdlog.Fatalf", ec.Call)
	require.Equal(t, "(*Server).handle", ec.At.Func)
	require.Equal(t, 2, ec.At.Todo, "handle has no TODO: the exit-in-handler pitfall's, TODO(2)")

	// A panic, a race and a plain failure are not exits.
	for _, name := range []string{"panic.json", "starter.json", "race.json", "mutant.json"} {
		r := parseRun(echoStage, readRun(t, name), nil, os.ErrInvalid)
		require.Nil(t, r.Exited, name)
	}
}

// TestWhichExit: of several calls that end the process, the one whose
// message is in the last log line; else the only one.
func TestWhichExit(t *testing.T) {
	exits := []exitCall{
		{Call: "log.Fatal", Says: nil},
		{Call: "log.Fatalf", Says: []string{"accept failed:"}},
		{Call: "log.Fatalf", Says: []string{"read from", "failed:"}},
	}
	ec, sure, ok := whichExit(exits, "2026/12/07 06:09:26 read from 127.0.0.1:5 failed: EOF")
	require.True(t, ok)
	require.True(t, sure)
	require.Equal(t, exits[2].Says, ec.Says)

	ec, sure, ok = whichExit(exits, "nothing matches")
	require.True(t, ok)
	require.False(t, sure, "three candidates and no match: a guess")
	require.Equal(t, "log.Fatal", ec.Call, "the first")

	exits[1].Serving = true
	ec, sure, _ = whichExit(exits, "nothing matches")
	require.False(t, sure)
	require.Equal(t, exits[1].Says, ec.Says, "the one in code that serves a connection")

	ec, sure, ok = whichExit(exits[:1], "")
	require.True(t, ok && sure)
	require.Equal(t, "log.Fatal", ec.Call)

	_, _, ok = whichExit(nil, "x")
	require.False(t, ok)
}

// TestParseRunNoCC: go test -race with no C compiler fails to build Go's
// cgo runtime. That is the machine, not the student's code.
func TestParseRunNoCC(t *testing.T) {
	r := parseRun(echoStage, readRun(t, "no-cc.json"), nil, os.ErrInvalid)
	require.Equal(t, broken, r.Status)
	require.True(t, r.NoCC)
	require.Contains(t, r.Problem, `cgo: C compiler "gcc-not-installed" not found`)
	require.True(t, raceUnavailable(r))

	// A C compiler that is there but fails, as `CC=/bin/false` makes it.
	broken := `{"ImportPath":"runtime/cgo","Action":"build-output","Output":"# runtime/cgo\n"}
{"ImportPath":"runtime/cgo","Action":"build-output","Output":"runtime/cgo: /usr/local/go/pkg/tool/linux_amd64/cgo: exit status 2\n"}
{"ImportPath":"runtime/cgo","Action":"build-fail"}
{"Action":"start","Package":"tcpworkbook/stage01-echo"}
{"Action":"output","Package":"tcpworkbook/stage01-echo","Output":"FAIL\ttcpworkbook/stage01-echo [build failed]\n"}
{"Action":"fail","Package":"tcpworkbook/stage01-echo","Elapsed":0,"FailedBuild":"runtime/cgo"}
`
	r = parseRun(echoStage, []byte(broken), nil, os.ErrInvalid)
	require.True(t, r.NoCC)

	// The student's own compile error is still one.
	r = parseRun(echoStage, readRun(t, "compile-error.json"), nil, os.ErrInvalid)
	require.Equal(t, buildFailed, r.Status)
	require.False(t, r.NoCC)
}

// TestNoCCFirstRun: when even the run without -race cannot build (CC set
// to a compiler that is not there), the stage is not "does not compile".
func TestNoCCFirstRun(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	out, code := runCLI(t, map[string]fixture{"stage01-echo": {json: "no-cc.json"}}, "-stage", "1")
	require.Equal(t, 1, code)
	require.NotContains(t, out, "does not compile")
	require.Contains(t, out, "the C compiler is missing or broken (your code is not the problem)")
	require.Contains(t, out, "sudo apt-get install gcc")
	require.Contains(t, out, "xcode-select --install")
}

// TestRaceLocked: in the saved report, the first access holds the mutex
// and the other does not. The report sends the student to the other.
func TestRaceLocked(t *testing.T) {
	r := parseRun(echoStage, readRun(t, "race-locked.json"), nil, os.ErrInvalid)
	r.Race = raceFailed
	races := r.races(lockedRoot)
	require.NotEmpty(t, races)
	first := races[0]
	require.Len(t, first.Accesses, 2)
	require.Equal(t, "connectionsMu", first.Accesses[0].Held, "Serve counts under the mutex")
	require.Equal(t, "", first.Accesses[1].Held, "handle takes one off without it")
	require.True(t, first.oneSided())
	at, other := first.focus()
	require.Equal(t, "(*Server).handle", at.At.Func, "the side without the lock")
	require.Equal(t, "(*Server).Serve", other.At.Func)
}

// TestLockedBefore: which lock the code at a line holds, read from the
// source.
func TestLockedBefore(t *testing.T) {
	src := `package x

func (s *Server) rename(c *client, name string) {
	s.mu.Lock()
	if _, taken := s.clients[name]; taken {
		s.mu.Unlock()
		return
	}
	s.clients[name] = c // 9: held, the Unlock above is on an early return
	s.mu.Unlock()
	c.name = name // 11: not held
}

func (s *Server) who(c *client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for n := range s.clients { // 17: held, the Unlock is deferred
		_ = n
	}
}

func (s *Server) msg(to string) {
	s.mu.Lock()
	_, ok := s.clients[to]
	s.mu.Unlock()
	if ok {
		s.mu.RLock()
	}
	_ = s.clients[to] // 29: not held (the RLock is in a branch)
	go func() {
		_ = s.clients[to] // 31: a goroutine of its own holds nothing
	}()
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	require.NoError(t, err)
	held := func(line int) string {
		body := innermostFunc(fset, f, line)
		require.NotNil(t, body, "line %d", line)
		return lockedBefore(fset, body, line)
	}
	require.Equal(t, "s.mu", held(9))
	require.Equal(t, "", held(11))
	require.Equal(t, "s.mu", held(17))
	require.Equal(t, "", held(29))
	require.Equal(t, "", held(31))
}

// TestFromHere: the lines the command suggests work from where the
// student is.
func TestFromHere(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"stage03-chat/chattest", "workbook"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	cases := []struct{ wd, stage, command string }{
		{".", "./stage03-chat", "go run ./workbook"},
		{"stage03-chat", ".", "go run ../workbook"},
		{"stage03-chat/chattest", "..", "go run ../../workbook"},
		{"workbook", "../stage03-chat", "go run ."},
	}
	for _, tc := range cases {
		t.Run(tc.wd, func(t *testing.T) {
			t.Chdir(filepath.Join(root, tc.wd))
			require.Equal(t, tc.stage, fromHere(root, "stage03-chat"))
			require.Equal(t, tc.command, invocationFrom(root))
		})
	}
	t.Chdir(t.TempDir()) // outside the root: written as from the root
	require.Equal(t, "./stage03-chat", fromHere(root, "stage03-chat"))
}

// TestWatchWording: under -watch the student only saves; nothing tells
// them to run the command again.
func TestWatchWording(t *testing.T) {
	r := parseRun(echoStage, readRun(t, "compile-error.json"), nil, os.ErrInvalid)
	var b strings.Builder
	rp := &report{root: "testdata/root", stages: []stage{echoStage}, command: invocation, watching: true, hint: 1}
	rp.details(newPrinter(&b, false), []*stageResult{r})
	require.Contains(t, b.String(), "Fix the first error and save: the checks run again by themselves.")
	require.NotContains(t, b.String(), "again.\n"+invocation)
	require.Equal(t, "Ctrl+C, then go run ./workbook -watch -hint", rp.suggest("-hint"))
}

// TestHeldBackSummary: twenty-three checks held back by one failure are
// one line, not twenty-three.
func TestHeldBackSummary(t *testing.T) {
	var checks []*check
	add := func(path, action, out string) {
		c := &check{Path: path, Action: action}
		if action == "skip" {
			c.attrs = map[string]string{kit.AttrHeldBack: "ChatA/welcome"}
		}
		c.output.WriteString(out)
		checks = append(checks, c)
	}
	add("Chat/ChatA/welcome", "fail", "")
	for i := range 23 {
		add("Chat/ChatB/c"+string(rune('a'+i)), "skip",
			"    check.go:118: held back: needs ChatA/welcome, which failed above; fix that first (or run this one alone with -run)\n")
	}
	var b strings.Builder
	rp := &report{}
	rp.checkLines(newPrinter(&b, false), &stageResult{Checks: checks}, false)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 2, b.String())
	require.Contains(t, lines[1], "Chat/ChatB/ca … Chat/ChatB/cw (23 checks)  held back until ChatA/welcome passes")
}

// TestExitWithoutHintsOrCall: a stage whose HINTS.md has no
// dies-on-client-error section gets the command's own hints, and a stage
// whose files hold no exit call says where else to look.
func TestExitWithoutHintsOrCall(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	out, code := runCLI(t, map[string]fixture{"stage01-echo": {json: "exit.json"}}, "-root", lockedRoot, "-stage", "1")
	require.Equal(t, 1, code)
	require.Contains(t, out, "✗ Your server ended the whole test process during Echo/reset")
	require.Contains(t, out, "No log.Fatal or os.Exit is in the files of stage01-echo/")
	require.Contains(t, out, "Hint 1 of 3: "+fallbackSymptomHints[symptomExit][0])
}

// TestRaceSides: what the report says of the locks each side holds.
func TestRaceSides(t *testing.T) {
	render := func(a, b raceAccess) string {
		var out strings.Builder
		rp := &report{root: t.TempDir(), command: invocation}
		r := &stageResult{Stage: echoStage}
		rp.writeRace(newPrinter(&out, false), r, &check{Path: "Chat/ChatB/who"}, raceReport{Accesses: []raceAccess{a, b}})
		return out.String()
	}
	join := &place{File: "stage03-chat/chat.go", Line: 120, Func: "(*Server).join", Todo: 1}
	who := &place{File: "stage03-chat/chat.go", Line: 300, Func: "(*Server).who", Todo: 4}

	out := render(raceAccess{What: "write", Goroutine: "goroutine 7", At: join, Held: "s.mu"},
		raceAccess{What: "previous read", Goroutine: "goroutine 9", At: who})
	require.Contains(t, out, "write at stage03-chat/chat.go:120 in (*Server).join, holding s.mu (goroutine 7)")
	require.Contains(t, out, "previous read at stage03-chat/chat.go:300 in (*Server).who, holding no lock (goroutine 9)")
	require.Contains(t, out, "Fix the previous read at stage03-chat/chat.go:300: take the same lock there.")
	require.Contains(t, out, "The write, which holds the lock, belongs to TODO(1).")
	require.Contains(t, out, "Next step: open TODO(4) in stage03-chat/chat.go", "the side without the lock")

	out = render(raceAccess{What: "read", Goroutine: "goroutine 7", At: who},
		raceAccess{What: "previous write", Goroutine: "goroutine 9", At: join})
	require.NotContains(t, out, "holding", "neither holds a lock: nothing to say about locks")
	require.Contains(t, out, "Next step: open TODO(4) in stage03-chat/chat.go", "the first access")
	require.Contains(t, out, "The other access belongs to TODO(1)")

	out = render(raceAccess{What: "read", Goroutine: "goroutine 7", At: who, Held: "c.mu"},
		raceAccess{What: "previous write", Goroutine: "goroutine 9", At: join, Held: "s.mu"})
	require.Contains(t, out, "Both sides hold a lock (c.mu and s.mu), but not the same one")

	// Given code, whose TODO is only inferred from the code that builds
	// its receiver, is never called the student's, nor sent to.
	remove := &place{File: "stage04-shutdown/shutdown.go", Line: 262, Func: "(*connSet).remove", Todo: 1, Inferred: true}
	count := &place{File: "stage04-shutdown/shutdown.go", Line: 110, Func: "(*Server).drain", Todo: 3}
	out = render(raceAccess{What: "write", Goroutine: "goroutine 7", At: remove, Held: "cs.mu"},
		raceAccess{What: "previous read", Goroutine: "goroutine 9", At: count})
	require.Contains(t, out, "Fix the previous read at stage04-shutdown/shutdown.go:110")
	require.NotContains(t, out, "belongs to TODO(1)")
	require.Contains(t, out, "Next step: open TODO(3) in stage04-shutdown/shutdown.go")

	out = render(raceAccess{What: "write", Goroutine: "goroutine 7", At: remove},
		raceAccess{What: "previous read", Goroutine: "goroutine 9", At: count})
	require.Contains(t, out, "Next step: open TODO(3) in stage04-shutdown/shutdown.go", "the student's own side")
	require.NotContains(t, out, "belongs to TODO(1)")
}

// TestFoldTraffic: the progress view keeps the last lines of a long
// traffic block and says how many it left out, counting those the suite
// had already left out.
func TestFoldTraffic(t *testing.T) {
	msg := []string{"✗ TestPerf/pool: …", "", "Traffic, oldest first:", "  … 5 earlier lines not shown"}
	for i := range 20 {
		msg = append(msg, fmt.Sprintf("  alice → %d", i))
	}
	msg = append(msg, "", "Next step: open TODO(1)")
	out := foldTraffic(msg)
	require.Equal(t, fmt.Sprintf("  … %d earlier lines not shown (run the check alone to see more)", 5+20-shownTraffic), out[3])
	require.Equal(t, fmt.Sprintf("  alice → %d", 20-shownTraffic), out[4])
	require.Equal(t, []string{"  alice → 19", "", "Next step: open TODO(1)"}, out[4+shownTraffic-1:])

	short := []string{"Traffic of bob, oldest first (3 lines of other clients not shown):", "  bob → 1", "  bob ← 1", ""}
	require.Equal(t, short, foldTraffic(short), "a short block is left as it is")
}

// TestCrashPlace: a crash in a function that holds several TODOs is put
// at the TODO of the check that was running, when it is one of them.
func TestCrashPlace(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "stage06-perf", "perf.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.WriteFile(file, []byte(`package perf

// echo writes back what it reads.
//
// TODO(4): split this loop in two.
//
// TODO(5): write inline while nothing is queued.
func echo() {
	var b []byte
	_ = b[-1:]
}
`), 0o644))
	rp := &report{root: root}
	at := place{File: "stage06-perf/perf.go", Line: 10, Func: "echo", Todo: 4}
	eagain := &check{Path: "Perf/eagain", attrs: map[string]string{attrTodo: "5"}}
	require.Equal(t, 5, rp.crashPlace(eagain, at).Todo)
	split := &check{Path: "Perf/split", attrs: map[string]string{attrTodo: "3"}}
	require.Equal(t, 4, rp.crashPlace(split, at).Todo, "TODO(3) is not echo's: the place's own stands")
}

// TestCrashInGivenHelper: a panic inside a helper that holds no TODO (a
// client's send, given a nil client by an unlocked walk of the room) sends
// the student to the innermost caller whose function holds one.
func TestCrashInGivenHelper(t *testing.T) {
	send := place{File: "stage03-chat/chat.go", Line: 131, Func: "(*client).send"}
	walk := place{File: "stage03-chat/chat.go", Line: 267, Func: "(*Server).broadcastLocked", Todo: 2}
	cr := crash{Kind: "panicked", Student: []place{send, walk}, At: &send}
	require.Equal(t, walk, todoPlace(cr))
	cr.Student = []place{send}
	require.Equal(t, send, todoPlace(cr), "with no TODO anywhere, the crash's own line")
}
