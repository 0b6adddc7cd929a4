package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMessage(t *testing.T) {
	// As go test -json prints a Fatalf from a subtest two levels down,
	// then a second message from the watchdog.
	out := strings.Join([]string{
		"=== RUN   TestChat/ChatA/order",
		"        chat.go:17: ",
		"            ✗ TestChat/ChatA/order: bob got it wrong",
		"            ",
		"            Traffic, oldest first:",
		"              alice → \"one\\n\"",
		"            ",
		"            Next step: open TODO(2) in stage03-chat/chat.go: the broadcast",
		"        check.go:80: watchdog: order was still running after 10s",
		"--- FAIL: TestChat/ChatA/order (10.00s)",
		"",
	}, "\n")
	want := strings.Join([]string{
		"✗ TestChat/ChatA/order: bob got it wrong",
		"",
		"Traffic, oldest first:",
		"  alice → \"one\\n\"",
		"",
		"Next step: open TODO(2) in stage03-chat/chat.go: the broadcast",
		"",
		"watchdog: order was still running after 10s",
	}, "\n")
	require.Equal(t, want, message(out))
	require.Equal(t, "", message("=== RUN   TestEcho/short\n--- PASS: TestEcho/short (0.00s)\n"))
}

func TestCheckPath(t *testing.T) {
	require.Equal(t, "Echo/short", checkPath("TestEcho/short"))
	require.Equal(t, "Chat/ChatA/welcome", checkPath("TestChat/ChatA/welcome"))
	require.Equal(t, "Lines", checkPath("TestLines"))
	require.Equal(t, "Test", checkPath("Test"))
}

func TestParseRunNotWritten(t *testing.T) {
	out := `{"Action":"start","Package":"tcpworkbook/stage02-framing"}
{"Action":"output","Package":"tcpworkbook/stage02-framing","Output":"?   \ttcpworkbook/stage02-framing\t[no test files]\n"}
{"Action":"skip","Package":"tcpworkbook/stage02-framing","Elapsed":0}
`
	r := parseRun(stage{Dir: "stage02-framing"}, []byte(out), nil, nil)
	require.Equal(t, notWritten, r.Status)
}

func TestParseRunLeavesOutHelperPackages(t *testing.T) {
	// A helper package inside a stage, such as one a student adds, may
	// have unit tests of its own; they are not checks of the student's
	// server.
	out := `{"Action":"run","Package":"tcpworkbook/stage06-perf/helper","Test":"TestParseStat"}
{"Action":"pass","Package":"tcpworkbook/stage06-perf/helper","Test":"TestParseStat"}
{"Action":"pass","Package":"tcpworkbook/stage06-perf/helper"}
{"Action":"run","Package":"tcpworkbook/stage06-perf","Test":"TestPerf"}
{"Action":"run","Package":"tcpworkbook/stage06-perf","Test":"TestPerf/pool"}
{"Action":"pass","Package":"tcpworkbook/stage06-perf","Test":"TestPerf/pool"}
{"Action":"pass","Package":"tcpworkbook/stage06-perf","Test":"TestPerf"}
{"Action":"pass","Package":"tcpworkbook/stage06-perf"}
`
	r := parseRun(stage{Num: 6, Dir: "stage06-perf", Name: "perf"}, []byte(out), nil, nil)
	require.Len(t, r.Checks, 1)
	require.Equal(t, "Perf/pool", r.Checks[0].Path)
}

func TestParseRunSavedRuns(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(runsDir, name))
		require.NoError(t, err)
		return b
	}
	st := stage{Num: 1, Dir: "stage01-echo", Name: "echo"}

	r := parseRun(st, read("starter.json"), nil, os.ErrInvalid)
	require.Equal(t, failed, r.Status)
	pass, total, _ := r.Counts()
	require.Equal(t, 0, pass)
	require.Equal(t, 9, total, "one check per subtest, not the parent TestEcho")
	require.Equal(t, "Echo/short", r.FirstFailure().Path)
	require.Contains(t, r.FailureText(r.FirstFailure()), "Next step: open TODO(1) in stage01-echo/echo.go")

	r = parseRun(st, read("reference.json"), nil, nil)
	require.Equal(t, passed, r.Status)

	r = parseRun(st, read("compile-error.json"), nil, os.ErrInvalid)
	require.Equal(t, buildFailed, r.Status)
	require.Len(t, r.BuildErrors, 1)
	require.Regexp(t, `^stage01-echo/echo\.go:\d+:\d+: cannot use`, r.BuildErrors[0])

	r = parseRun(st, read("panic.json"), nil, os.ErrInvalid)
	require.Equal(t, failed, r.Status)
	require.Equal(t, "Echo/short", r.FirstFailure().Path)
	require.True(t, strings.HasPrefix(r.FailureText(r.FirstFailure()), "panic: assignment to entry in nil map"))
	cr, ok := findCrash("testdata/root", st, r.FailureText(r.FirstFailure()))
	require.True(t, ok)
	require.Equal(t, "assignment to entry in nil map", cr.Value)
	require.NotNil(t, cr.At)
	require.Equal(t, "stage01-echo/echo.go", cr.At.File)
	require.Equal(t, "(*Server).Serve", cr.At.Func)
	require.Equal(t, 1, cr.At.Todo)

	r = parseRun(st, read("race.json"), nil, os.ErrInvalid)
	r.Race = raceFailed
	races := r.races(finishedRoot)
	require.NotEmpty(t, races)
	require.Equal(t, "Echo/concurrent", races[0].Test)
	require.Len(t, races[0].Accesses, 2)
	funcs := map[string]bool{}
	for _, a := range races[0].Accesses {
		require.NotNil(t, a.At)
		require.Equal(t, "stage01-echo/echo.go", a.At.File)
		funcs[a.At.Func] = true
	}
	require.Equal(t, map[string]bool{"(*Server).Serve": true, "(*Server).handle": true}, funcs, "the counter's two sides")
}

func TestParseRunBroken(t *testing.T) {
	r := parseRun(stage{Dir: "stage09-x"}, nil, []byte("go: no such thing\n"), os.ErrInvalid)
	require.Equal(t, broken, r.Status)
	require.Equal(t, "go: no such thing", r.Problem)
}

func TestParseHints(t *testing.T) {
	text := "# Hints\n\nIntro paragraph.\n\n" +
		"## Echo/short\n1. First,\n   continued.\n2) Second.\n\n" +
		"## `Echo/binary` ##\n- One.\n- Two:\n\n      code\n\n  - still two\nA paragraph after the list.\n\n" +
		"## Lines/crlf\nOnly prose here.\n\nAnd more.\n" +
		"```\n## not a heading\n```\n"
	got := parseHints(text)
	require.Equal(t, []hintSection{
		{Heading: "Hints", Hints: []string{"Intro paragraph."}},
		{Heading: "Echo/short", Hints: []string{"First,\ncontinued.", "Second."}},
		{Heading: "`Echo/binary`", Hints: []string{"One.", "Two:\n\n   code\n\n- still two\nA paragraph after the list."}},
		{Heading: "Lines/crlf", Hints: []string{"Only prose here.", "And more.\n```\n## not a heading\n```"}},
	}, got)
}

func TestHintsFor(t *testing.T) {
	sections := []hintSection{
		{Heading: "Chat/welcome", Hints: []string{"a"}},
		{Heading: "ChatA/welcome", Hints: []string{"b"}},
		{Heading: "TestChat/ChatB/welcome", Hints: []string{"c"}},
		{Heading: "order", Hints: []string{"d"}},
		{Heading: "Chat/ChatRobust/long lines", Hints: []string{"e"}},
		{Heading: "Echo/short", Hints: nil},
	}
	for path, want := range map[string]string{
		"Chat/ChatA/welcome":         "b", // suffix beats first-and-last
		"Chat/ChatB/welcome":         "c", // exact, with Test dropped
		"Chat/ChatC/welcome":         "a", // first and last agree
		"Chat/ChatA/order":           "d", // last part alone
		"Chat/ChatRobust/long_lines": "e", // go test writes spaces as _
		"Echo/short":                 "",  // a section without hints
		"Echo/binary":                "",
	} {
		got := hintsFor(sections, path)
		if want == "" {
			require.Nil(t, got, path)
			continue
		}
		require.Equal(t, []string{want}, got, path)
	}
}

func TestHintsOfStage01(t *testing.T) {
	// Every check of stage 01 has hints in its HINTS.md.
	sections := loadHints(filepath.Join(repoRoot(t), "stage01-echo", "HINTS.md"))
	if sections == nil {
		t.Skip("stage01-echo/HINTS.md is not written yet")
	}
	for _, c := range []string{"short", "binary", "concurrent", "half-close", "reset", "goroutines", "serve-returns"} {
		require.GreaterOrEqual(t, len(hintsFor(sections, "Echo/"+c)), 2, c)
	}
}

func TestFindTodo(t *testing.T) {
	root := t.TempDir()
	src := "package x\n\n// TODO(10): not this one.\nfunc f() {\n\t// TODO(1): do it:\n\t//   - step\n\treturn\n}\n\n" +
		"var y = 1 // TODO(2): trailing\n// unrelated\n"
	require.NoError(t, os.MkdirAll(filepath.Join(root, "s"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "s", "x.go"), []byte(src), 0o644))

	ref, ok := findTodo(root, nil, "✗ bad\n\nNext step: open TODO(1) in s/x.go: something")
	require.True(t, ok)
	require.Equal(t, todoRef{N: 1, File: "s/x.go", Line: 5, Text: []string{"// TODO(1): do it:", "//   - step"}, Read: true}, ref)
	require.Equal(t, "s/x.go:5", ref.Location())

	ref, _ = findTodo(root, nil, "Next step: open TODO(2) in s/x.go")
	require.Equal(t, []string{"var y = 1 // TODO(2): trailing"}, ref.Text)

	// Code that only mentions a TODO comes before the comment itself.
	mention := "package x\n\nfunc g() {\n\t_ = p // for TODO(4)\n}\n\n// TODO(4): the real one.\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "s", "m.go"), []byte(mention), 0o644))
	ref, _ = findTodo(root, nil, "Next step: open TODO(4) in s/m.go: it")
	require.Equal(t, 7, ref.Line)

	ref, ok = findTodo(root, nil, "Next step: open TODO(3) in s/x.go: gone")
	require.True(t, ok)
	require.Equal(t, 0, ref.Line)
	require.Equal(t, "s/x.go", ref.Location())

	_, ok = findTodo(root, nil, "no pointer here")
	require.False(t, ok)
}

func TestPickStage(t *testing.T) {
	stages := findStages(t.TempDir())
	require.Len(t, stages, len(knownStages()))
	for _, arg := range []string{"2", "02", "framing", "stage02-framing", "./stage02-framing/"} {
		st, err := pickStage(stages, arg)
		require.NoError(t, err, arg)
		require.Equal(t, "stage02-framing", st.Dir, arg)
	}
	_, err := pickStage(stages, "9")
	require.ErrorContains(t, err, "the stages are 1 (echo), 2 (framing)")
}

func TestFindStagesExtra(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(root, "stage99-extra"), 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(root, "notastage"), 0o755))
	stages := findStages(root)
	require.Equal(t, "stage99-extra", stages[len(stages)-1].Dir)
	require.Nil(t, stages[len(stages)-1].Manifest, "a folder the registry does not list yet")
	require.Len(t, stages, len(knownStages())+1)
}

func TestFlags(t *testing.T) {
	_, code := runCLI(t, nil, "-stage", "9")
	require.Equal(t, 2, code)
	_, code = runCLI(t, nil, "-hint=0")
	require.Equal(t, 2, code)
	_, code = runCLI(t, nil, "stage1")
	require.Equal(t, 2, code)
	out, code := runCLI(t, nil, "-stage", "2")
	require.Equal(t, 0, code, "a stage with no tests has nothing to fail")
	require.Contains(t, out, "not written yet")
}

// A subtest named with a slash, t.Run("Lines/echo", …), has no test
// "TestFraming/Lines" above it: TestFraming is its parent, not a check.
func TestParseRunSlashInName(t *testing.T) {
	const pkg = `"Package":"tcpworkbook/stage02-framing"`
	lines := []string{
		`{"Action":"run",` + pkg + `,"Test":"TestFraming"}`,
		`{"Action":"run",` + pkg + `,"Test":"TestFraming/Lines/echo"}`,
		`{"Action":"output",` + pkg + `,"Test":"TestFraming/Lines/echo","Output":"    lines.go:9: \n"}`,
		`{"Action":"output",` + pkg + `,"Test":"TestFraming/Lines/echo","Output":"        ✗ no echo\n"}`,
		`{"Action":"fail",` + pkg + `,"Test":"TestFraming/Lines/echo"}`,
		`{"Action":"run",` + pkg + `,"Test":"TestFraming/Counter/empty"}`,
		`{"Action":"pass",` + pkg + `,"Test":"TestFraming/Counter/empty"}`,
		`{"Action":"fail",` + pkg + `,"Test":"TestFraming"}`,
		`{"Action":"fail",` + pkg + `}`,
	}
	r := parseRun(stage{Dir: "stage02-framing"}, []byte(strings.Join(lines, "\n")), nil, os.ErrInvalid)
	require.Len(t, r.Checks, 2)
	require.Equal(t, "Framing/Lines/echo", r.FirstFailure().Path)
	require.Equal(t, "✗ no echo", r.FailureText(r.FirstFailure()))
}

// Groups are real tests now (TestChat/ChatA): only the leaves under them
// are checks, and a held-back leaf still counts as work to do.
func TestParseRunNestedGroups(t *testing.T) {
	const pkg = `"Package":"tcpworkbook/stage03-chat"`
	ev := func(action, test string) string {
		return `{"Action":"` + action + `",` + pkg + `,"Test":"` + test + `"}`
	}
	lines := []string{
		ev("run", "TestChat"),
		ev("run", "TestChat/ChatA"),
		ev("run", "TestChat/ChatA/welcome"),
		ev("pass", "TestChat/ChatA/welcome"),
		ev("run", "TestChat/ChatA/broadcast"),
		`{"Action":"attr",` + pkg + `,"Test":"TestChat/ChatA/broadcast","Key":"todo","Value":"2"}`,
		`{"Action":"attr",` + pkg + `,"Test":"TestChat/ChatA/broadcast","Key":"todo-file","Value":"stage03-chat/chat.go"}`,
		`{"Action":"attr",` + pkg + `,"Test":"TestChat/ChatA/broadcast","Key":"symptom","Value":"sender-echo"}`,
		ev("fail", "TestChat/ChatA/broadcast"),
		ev("fail", "TestChat/ChatA"),
		ev("run", "TestChat/ChatB"),
		ev("run", "TestChat/ChatB/name"),
		`{"Action":"attr",` + pkg + `,"Test":"TestChat/ChatB/name","Key":"held-back","Value":"ChatA/broadcast"}`,
		`{"Action":"output",` + pkg + `,"Test":"TestChat/ChatB/name","Output":"    check.go:1: held back until ChatA/broadcast passes\n"}`,
		ev("skip", "TestChat/ChatB/name"),
		ev("pass", "TestChat/ChatB"),
		ev("fail", "TestChat"),
		`{"Action":"fail",` + pkg + `}`,
	}
	r := parseRun(stage{Num: 3, Dir: "stage03-chat"}, []byte(strings.Join(lines, "\n")), nil, os.ErrInvalid)
	var paths []string
	for _, c := range r.Checks {
		paths = append(paths, c.Path)
	}
	require.Equal(t, []string{"Chat/ChatA/welcome", "Chat/ChatA/broadcast", "Chat/ChatB/name"}, paths)
	pass, total, skipped := r.Counts()
	require.Equal(t, []int{1, 3, 1}, []int{pass, total, skipped})
	c := r.FirstFailure()
	require.Equal(t, "sender-echo", c.Attr(attrSymptom))
	n, file, ok := pointer(c, "no Next step line: the attributes are enough")
	require.True(t, ok)
	require.Equal(t, 2, n)
	require.Equal(t, "stage03-chat/chat.go", file)
}

func TestSymptomHints(t *testing.T) {
	sections := parseHints("## ChatA/broadcast\n1. check hint\n\n## symptom: sender-echo\n1. symptom hint\n2. more\n")
	require.Equal(t, []string{"symptom hint", "more"}, symptomHints(sections, "sender-echo"))
	require.Nil(t, symptomHints(sections, "other"))
	require.Equal(t, []string{"check hint"}, hintsFor(sections, "Chat/ChatA/broadcast"))
}

func TestIsStudent(t *testing.T) {
	const pkg = "tcpworkbook/stage03-chat"
	for fn, want := range map[string]bool{
		"tcpworkbook/stage03-chat.(*Server).join":       true,
		"tcpworkbook/stage03-chat/mutants.(*room).join": true,
		"tcpworkbook/stage03-chat/chattest.suite.churn": false,
		"tcpworkbook/stage03-chat2.(*Server).join":      false,
		"tcpworkbook/stage03-chat_test.serve":           false,
		"tcpworkbook/kit/check.(*T).StartOn.func1":      false,
	} {
		require.Equal(t, want, isStudent(frame{Func: fn, File: "/home/me/workbook/stage03-chat/chat.go"}, pkg), fn)
	}
	require.False(t, isStudent(frame{Func: pkg + ".TestX", File: "/x/stage03-chat/chat_test.go"}, pkg))
	generic := frame{Func: pkg + "/mutants.(*room).command.Keys[...].func1", File: "/usr/local/go/src/maps/iter.go"}
	require.False(t, isStudent(generic, pkg), "a generic of the standard library, instantiated in the student's code")
}

// TestFindCrashOutOfMemory: a fatal runtime error prints where each
// goroutine runs and each frame's registers; the crash is still found in
// the student's code (a slice sized from a header's claim).
func TestFindCrashOutOfMemory(t *testing.T) {
	text := "fatal error: runtime: out of memory\n\nruntime stack:\nruntime.throw({0x8d29e0?, 0x28ef?})\n" +
		"\t/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x7f4bb2dfec58 sp=0x7f4bb2dfec28 pc=0x48a468\n\n" +
		"goroutine 6 gp=0x20e93864dc20 m=3 mp=0x20e938697008 [running]:\n" +
		"tcpworkbook/stage01-echo.(*Server).handle(0x20e9386d2000, 0x20000000)\n" +
		"\t/ws/stage01-echo/echo.go:59 +0xf5 fp=0x20e9386a6e18 sp=0x20e9386a6d28 pc=0x5e93d5\n"
	cr, ok := findCrash("/ws", stage{Num: 1, Dir: "stage01-echo", Name: "echo"}, text)
	require.True(t, ok)
	require.Equal(t, "crashed", cr.Kind)
	require.Equal(t, "runtime: out of memory", cr.Value)
	require.NotNil(t, cr.At, "the student's frame, despite the registers after it")
	require.Equal(t, "stage01-echo/echo.go", cr.At.File)
	require.Equal(t, 59, cr.At.Line)
}
