package check

import (
	"errors"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Mutants, tried on a toy suite with toy mutants. Mutants runs each
// mutant's check in a child test binary (this one, again, as
// TestToyMutants with WORKBOOK_MUTANT set) and reads its verdict from
// what the child printed. TestMutantVerdicts asks judge for the verdicts
// directly; TestMutantsReport runs Mutants itself in a child, since a
// verdict against a mutant fails the test that asked for it.

const toyMutantsEnv = "KIT_CHECK_TOY_MUTANTS"

// toySuite is a two-check suite for an echo server.
func toySuite(t *testing.T, serve ServeFunc) {
	start := func(c *T) {
		if serve == nil {
			c.Skip("this machine cannot run the toy server") // as a check does when the machine is short of something
		}
		c.Start(serve)
	}
	Run(t, toyStage, []Case{
		{Name: "hello", Todo: 2, Run: func(c *T) {
			start(c)
			a := c.Dial("alice")
			a.Send("hello\n")
			a.Expect("hello\n")
		}},
		{Name: "Two/lines", Todo: 3, Needs: []string{"hello"}, Run: func(c *T) {
			start(c)
			a := c.Dial("alice")
			a.Send("one\ntwo\n")
			a.Expect("one\ntwo\n")
		}},
	})
}

// toyServers are the toy mutants, by name.
var toyServers = map[string]ServeFunc{
	"one-at-a-time": oneAtATimeServe,
	"upper":         upperServe,
	"reverses":      reverseServe,
	"racy":          racyServe,
	"skips":         nil,
	"one-proc":      oneProcServe,
}

var toyMutants = []Mutant{
	// Survives: with one client, serving one at a time cannot be seen.
	{Name: "one-at-a-time", Check: "hello", Todo: 1},
	// Caught, but the report points at TODO(2), the echo loop.
	{Name: "upper", Check: "hello", Says: "received the wrong bytes", Todo: 1},
	// Caught at its TODO.
	{Name: "reverses", Check: "hello", Says: "received the wrong bytes", Todo: 2},
	{Name: "racy", Check: "hello", Race: true},
	{Name: "skips", Check: "hello"},
}

func TestToyMutants(t *testing.T) {
	if os.Getenv(mutantEnv) == "" && os.Getenv(toyMutantsEnv) == "" {
		t.Skip("runs only in a child test binary, started by the tests of Mutants")
	}
	Mutants(t, toyMutants, func(t *testing.T, name string) {
		serve, ok := toyServers[name]
		require.True(t, ok, "no toy mutant %q", name)
		toySuite(t, serve)
	})
}

func TestMutantVerdicts(t *testing.T) {
	cases := []struct {
		name string
		m    Mutant
		want string // how the verdict starts; "" for none
	}{
		{"survives", toyMutants[0], `mutant "one-at-a-time" survived: check "hello" passed against it.`},
		{"wrong TODO", toyMutants[1], `mutant "upper" failed "hello", but the report does not point at TODO(1):`},
		{"caught", toyMutants[2], ""},
		{"report says something else", Mutant{Name: "upper", Check: "hello", Says: "something else"},
			`mutant "upper" failed "hello", but the report does not say "something else":`},
		{"first failure elsewhere", Mutant{Name: "upper", Check: "Two/lines", Todo: 3},
			`mutant "upper": the first failure of the whole suite points at TODO(2), not TODO(3):`},
		{"no such check", Mutant{Name: "upper", Check: "no-such-check"},
			`check "no-such-check" did not run for mutant "upper"; is the name right?`},
		{"check skips", toyMutants[4],
			skipMachine + `check "hello" skipped itself 3 times for mutant "skips", so it could not be judged on this machine:`},
	}
	if RaceEnabled {
		cases = append(cases, struct {
			name string
			m    Mutant
			want string
		}{"race", Mutant{Name: "racy", Check: "hello", Says: RaceReport}, ""})
	}

	verdicts := make([]string, len(cases))
	reports := make([]string, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, mutantsAtOnce)
	for i, tc := range cases {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			verdicts[i], reports[i] = judge("TestToyMutants", tc.m)
		})
	}
	wg.Wait()

	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" {
				assert.Empty(t, verdicts[i])
			} else {
				assert.True(t, strings.HasPrefix(verdicts[i], tc.want), "the verdict should start %q, but is:\n%s", tc.want, verdicts[i])
			}
		})
	}
	assert.Contains(t, reports[2], "✗ TestToyMutants/hello: alice received the wrong bytes", "the report is the check's own")
	assert.Contains(t, reports[2], "Next step: open TODO(2) in kit/check/toy.go: the echo loop")
}

// TestMutantsHonourCPU: a mutant's child runs at its parent's GOMAXPROCS,
// so that go test -cpu 1,2 judges every mutant at both, as it runs the
// references at both.
func TestMutantsHonourCPU(t *testing.T) {
	m := Mutant{Name: "one-proc", Check: "hello", Says: "received the wrong bytes"}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	verdict, report := judge("TestToyMutants", m)
	assert.Empty(t, verdict, "at GOMAXPROCS 1 the child must run with one P too")
	assert.Contains(t, report, "received the wrong bytes")

	runtime.GOMAXPROCS(2)
	verdict, _ = judge("TestToyMutants", m)
	assert.True(t, strings.HasPrefix(verdict, `mutant "one-proc" survived`), "at GOMAXPROCS 2 it echoes: %s", verdict)
}

func TestMutantsReport(t *testing.T) {
	out, err := runTestChild(t, "^TestToyMutants$", toyMutantsEnv+"=1")
	require.Error(t, err, "two mutants are not caught as they should be:\n%s", out)

	assert.Contains(t, out, "--- FAIL: TestToyMutants/one-at-a-time (")
	assert.Contains(t, section(out, "TestToyMutants/one-at-a-time"),
		`mutant "one-at-a-time" survived: check "hello" passed against it.`)

	assert.Contains(t, out, "--- FAIL: TestToyMutants/upper (")
	assert.Contains(t, section(out, "TestToyMutants/upper"),
		`mutant "upper" failed "hello", but the report does not point at TODO(1):`)

	assert.Contains(t, out, "--- PASS: TestToyMutants/reverses (")
	reverses := section(out, "TestToyMutants/reverses")
	assert.Contains(t, reverses, `mutant "reverses" is caught by "hello", as a student would see it:`)
	assert.Contains(t, reverses, "Next step: open TODO(2)")

	if RaceEnabled {
		assert.Contains(t, out, "--- PASS: TestToyMutants/racy (")
		assert.Contains(t, section(out, "TestToyMutants/racy"), RaceReport)
	} else {
		assert.Contains(t, out, "--- SKIP: TestToyMutants/racy (")
		assert.Contains(t, section(out, "TestToyMutants/racy"),
			`mutant "racy" is caught only by the race detector: go test -race -run TestMutants`)
	}

	assert.Contains(t, out, "--- SKIP: TestToyMutants/skips (")
	assert.Contains(t, section(out, "TestToyMutants/skips"),
		`check "hello" skipped itself 3 times for mutant "skips", so it could not be judged on this machine`)
}

// TestMutantsOnlyRace: with WORKBOOK_MUTANTS_ONLY=race only the mutants
// the race detector alone sees are judged; the others are skipped,
// saying why.
func TestMutantsOnlyRace(t *testing.T) {
	out, _ := runTestChild(t, "^TestToyMutants$", toyMutantsEnv+"=1", MutantsOnlyEnv+"=race")
	for _, name := range []string{"one-at-a-time", "upper", "reverses", "skips"} {
		assert.Contains(t, out, "--- SKIP: TestToyMutants/"+name+" (")
		assert.Contains(t, section(out, "TestToyMutants/"+name), MutantsOnlyEnv+"=race: only the race detector's mutants run")
	}
	if RaceEnabled {
		assert.Contains(t, out, "--- PASS: TestToyMutants/racy (")
	} else {
		assert.Contains(t, out, "--- SKIP: TestToyMutants/racy (")
	}
}

func TestSameMutants(t *testing.T) {
	listed := append(slices.Clone(toyMutants), Mutant{Name: "upper", Check: "Two/lines"}, Mutant{Name: "one-proc", Check: "hello"})
	f := fakeCase(t, 0, func(c *T) { SameMutants(c, listed, maps.Keys(toyServers)) })
	assert.False(t, f.Failed(), "a name listed twice counts once: %s", f.output())

	f = fakeCase(t, 0, func(c *T) {
		SameMutants(c, toyMutants[:2], maps.Keys(map[string]ServeFunc{"upper": nil}), slices.Values([]string{"extra"}))
	})
	assert.True(t, f.Failed())
	assert.Equal(t, "the manifest lists the mutants [one-at-a-time upper],\nbut the mutants package builds [extra upper]", f.output())
}

// TestRaceCaughtFirst: a mutant whose mistake is a data race may be
// stopped by the race detector inside its check, before the check's own
// report names a TODO; that is caught, not a wrong TODO.
func TestRaceCaughtFirst(t *testing.T) {
	m := Mutant{Name: "counts-late", Check: "just-accepted", Todo: 3}
	name := "TestMutants/just-accepted"
	raced := "=== RUN   " + name + "\n==================\n" + RaceReport + "\n...\n" +
		"    testing.go:1712: race detected during execution of test\n--- FAIL: " + name + " (0.05s)\n"
	assert.Empty(t, judgeCheck(m, name, raced, errors.New("exit status 1")))
	earlier := "=== RUN   TestMutants/other\n" + RaceReport + "\n=== RUN   " + name + "\n--- FAIL: " + name + " (0.05s)\n"
	assert.Contains(t, judgeCheck(m, name, earlier, errors.New("exit status 1")), "does not point at TODO(3)",
		"a race in another check says nothing of this one's report")
}
