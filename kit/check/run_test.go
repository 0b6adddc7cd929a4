package check

import (
	"os"
	"path"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Run, driven with tiny case lists. What a passing suite does is checked
// here, in the test itself; what a failing one prints is checked on a
// child test binary (see TestScenario), since a failed case fails the
// test that ran it.

func TestRunGroupsCasesByName(t *testing.T) {
	var ran []string
	rec := func(c *T) { ran = append(ran, c.Name()) }
	Run(t, toyStage, []Case{
		{Name: "alpha", Run: rec},
		{Name: "G/one", Run: rec},
		{Name: "G/two", Run: rec},
		{Name: "G/H/three", Run: rec},
		{Name: "G/four", Run: rec},
		{Name: "beta", Run: rec},
		{Name: "G/five", Run: rec},
	})
	p := t.Name() + "/"
	assert.Equal(t, []string{
		p + "alpha", p + "G/one", p + "G/two", p + "G/H/three", p + "G/four", p + "beta",
		p + "G#01/five", // not consecutive: a second group G, which go test renames
	}, ran, "each part of a name is a subtest, and the cases run in order")
}

func TestRunRunsDependentsOfPassingCases(t *testing.T) {
	var ran []string
	rec := func(c *T) { ran = append(ran, path.Base(c.Name())) }
	Run(t, toyStage, []Case{
		{Name: "base", Run: rec},
		{Name: "G/dep", Needs: []string{"base"}, Run: rec},
		{Name: "dep", Needs: []string{"base", "G/dep"}, Run: rec},
	})
	assert.Equal(t, []string{"base", "dep", "dep"}, ran)
}

func TestRunGivesEachCaseItsClientsAndServer(t *testing.T) {
	var addrs []string
	echo := func(c *T) {
		s := c.Start(echoServe)
		assert.Equal(c, s.Addr, c.Addr)
		addrs = append(addrs, c.Addr)
		a := c.Dial("alice")
		a.Send("hello\n")
		a.Expect("hello\n")
	}
	Run(t, toyStage, []Case{{Name: "one", Run: echo}, {Name: "two", Run: echo}})
	require.Len(t, addrs, 2)
	assert.NotEqual(t, addrs[0], addrs[1], "a server of its own for each case")
}

func TestWith(t *testing.T) {
	type state struct {
		*T
		greeting string
	}
	var got []string
	setup := func(c *T) *state { return &state{T: c, greeting: "hello from " + path.Base(c.Name())} }
	Run(t, toyStage, []Case{
		{Name: "a", Run: With(setup, func(s *state) { got = append(got, s.greeting) })},
		{Name: "b", Run: With(setup, func(s *state) { got = append(got, s.greeting) })},
	})
	assert.Equal(t, []string{"hello from a", "hello from b"}, got, "state made afresh for each case")
}

func TestRunSkipsInProcessCasesForACommand(t *testing.T) {
	t.Setenv(CommandEnv, "some-server")
	ran := false
	Run(t, toyStage, []Case{{Name: "hook", InProcess: true, Run: func(c *T) { ran = true }}})
	assert.False(t, ran, "an InProcess case is skipped when %s names a command", CommandEnv)
}

func TestInherit(t *testing.T) {
	const where = "these checks come from stage 01; the code is in stage01-echo/echo.go"
	ran := false
	orig := []Case{{Name: "a", Todo: 3, Needs: []string{"z"}, Watchdog: time.Minute, Run: func(c *T) {
		ran = true
		c.mu.Lock()
		notes := c.notes
		c.mu.Unlock()
		if assert.Len(c, notes, 1) {
			assert.Equal(c, where, notes[0](), "the note goes into any failure report")
		}
		assert.Zero(c, c.todoNow(), "an inherited case points at no TODO of the later stage")
	}}}
	inherited := Inherit(orig, where)
	require.Len(t, inherited, 1)
	assert.Equal(t, 3, orig[0].Todo, "the cases given are left alone")
	assert.Zero(t, inherited[0].Todo)
	assert.Equal(t, "a", inherited[0].Name)
	assert.Equal(t, []string{"z"}, inherited[0].Needs)
	assert.Equal(t, time.Minute, inherited[0].Watchdog)

	inherited[0].Needs = nil
	Run(t, toyStage, inherited)
	assert.True(t, ran)
}

func TestPrefix(t *testing.T) {
	orig := []Case{
		{Name: "a", Todo: 1},
		{Name: "G/b", Needs: []string{"a", "Echo/c"}},
	}
	got := Prefix("Echo", orig)
	require.Len(t, got, 2)
	assert.Equal(t, "Echo/a", got[0].Name)
	assert.Equal(t, 1, got[0].Todo)
	assert.Empty(t, got[0].Needs)
	assert.Equal(t, "Echo/G/b", got[1].Name)
	assert.Equal(t, []string{"Echo/a", "Echo/c"}, got[1].Needs, "a need already in the group is not prefixed twice")
	assert.Equal(t, "G/b", orig[1].Name, "the cases given are left alone")
	assert.Equal(t, []string{"a", "Echo/c"}, orig[1].Needs)
}

// The scenarios below fail on purpose. TestScenario runs one of them in a
// child test binary, and the tests after it read what the child printed.

const scenarioEnv = "KIT_CHECK_SCENARIO"

var scenarios = map[string]func(t *testing.T){
	"needs": func(t *testing.T) {
		fail := func(c *T) { c.Failf("%s is broken", path.Base(c.Name())) }
		pass := func(c *T) {}
		Run(t, toyStage, []Case{
			{Name: "base", Todo: 2, Run: fail},
			{Name: "dep", Needs: []string{"base"}, Run: pass},
			{Name: "Group/dep", Needs: []string{"base"}, Run: pass},
			{Name: "free", Run: pass},
			{Name: "single", Todo: 3, Run: fail},
			{Name: "after-single", Needs: []string{"single"}, Run: pass},
			{Name: "chained", Needs: []string{"dep"}, Run: fail},
		})
	},
	"prefix": func(t *testing.T) {
		inherited := Inherit([]Case{
			{Name: "a", Todo: 2, Run: func(c *T) { c.Failf("a is broken") }},
			{Name: "b", Todo: 2, Needs: []string{"a"}, Run: func(c *T) {}},
		}, "these checks come from stage 01; the code is in stage01-echo/echo.go")
		Run(t, toyStage, Prefix("Echo", inherited))
	},
	"watchdog": func(t *testing.T) {
		// Only a case blocked on a read: one that returns as soon as
		// Expired is closed (T.Wait, Eventually) may end before the
		// watchdog's own Errorf, which then panics. TestEventually and
		// TestReportBackgroundWriter try those on a fake testing.TB.
		Run(t, toyStage, []Case{{Name: "read", Todo: 2, Watchdog: 250 * time.Millisecond, Run: func(c *T) {
			c.Start(sinkServe)
			a := c.Dial("alice")
			a.Send("anyone there?\n")
			a.ReadLine() // the server never answers
		}}})
	},
	"quits": func(t *testing.T) {
		Run(t, toyStage, []Case{{Name: "quits", Todo: 2, Run: func(c *T) {
			c.Start(quitServe)
			a := c.Dial("alice")
			a.Send("hello\n")
			a.Expect("hello\n")
			a.Send("stop\n") // Serve returns, leaving the connection open
			a.ReadLine()
		}}})
	},
}

func TestScenario(t *testing.T) {
	name := os.Getenv(scenarioEnv)
	if name == "" {
		t.Skip("runs only in a child test binary, started by the tests of check.Run")
	}
	scenario, ok := scenarios[name]
	require.True(t, ok, "no scenario %q", name)
	scenario(t)
}

// scenario runs the named scenario in a child, selecting run (a -test.run
// pattern below TestScenario, or ""), and returns its output.
func scenario(t *testing.T, name, run string) (string, error) {
	t.Helper()
	pattern := "^TestScenario$"
	if run != "" {
		pattern += "/" + run
	}
	return runTestChild(t, pattern, scenarioEnv+"="+name)
}

// elapsed is how long the child says the test called name took, with its
// verdict ("FAIL", "PASS" or "SKIP").
func elapsed(t *testing.T, out, verdict, name string) time.Duration {
	t.Helper()
	m := regexp.MustCompile(`--- ` + verdict + `: ` + regexp.QuoteMeta(name) + ` \(([0-9.]+)s\)`).FindStringSubmatch(out)
	require.NotNil(t, m, "no %s line for %s in:\n%s", verdict, name, out)
	s, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	return time.Duration(s * float64(time.Second))
}

func TestRunHoldsBackDependents(t *testing.T) {
	out, err := scenario(t, "needs", "")
	require.Error(t, err, "the scenario fails:\n%s", out)

	assert.Contains(t, out, "--- FAIL: TestScenario/base (")
	base := section(out, "TestScenario/base")
	assert.Contains(t, base, "✗ TestScenario/base: base is broken")
	assert.Contains(t, base, "Also: 2 later checks build on this one, and are skipped until it passes.")
	assert.Contains(t, base, "Next step: open TODO(2) in kit/check/toy.go: the echo loop")

	const heldBack = "held back: needs base, which failed above; fix that first (or run this one alone with -run)"
	assert.Contains(t, out, "--- SKIP: TestScenario/dep (")
	assert.Contains(t, section(out, "TestScenario/dep"), heldBack)
	assert.Contains(t, out, "=== ATTR  TestScenario/dep held-back base", "the workbook reads the attribute, not the text")
	assert.Contains(t, out, "--- SKIP: TestScenario/Group/dep (", "Needs reaches into groups")
	assert.Contains(t, section(out, "TestScenario/Group/dep"), heldBack)
	assert.Contains(t, out, "--- PASS: TestScenario/free (", "a case needing nothing runs whatever failed")

	single := section(out, "TestScenario/single")
	assert.Contains(t, single, "Also: 1 later check builds on this one, and is skipped until it passes.")
	assert.Contains(t, single, "Next step: open TODO(3) in kit/check/toy.go: line framing")
	assert.Contains(t, out, "--- SKIP: TestScenario/after-single (")
	assert.Contains(t, section(out, "TestScenario/after-single"), "held back: needs single, which failed above")
	assert.Contains(t, out, "--- SKIP: TestScenario/chained (", "a case needing a held-back case is held back too")
	assert.Contains(t, section(out, "TestScenario/chained"), "held back: needs base, which failed above", "named by the failure at the root")
}

func TestRunCaseAloneIgnoresNeeds(t *testing.T) {
	out, err := scenario(t, "needs", "^dep$")
	require.NoError(t, err, "run alone, a dependent runs, and passes:\n%s", out)
	assert.Contains(t, out, "--- PASS: TestScenario/dep (")
	assert.NotContains(t, out, "held back")
	assert.NotContains(t, out, "=== RUN   TestScenario/base")
}

func TestRunPrefixRenamesNeeds(t *testing.T) {
	out, err := scenario(t, "prefix", "")
	require.Error(t, err, "the scenario fails:\n%s", out)

	assert.Contains(t, out, "--- FAIL: TestScenario/Echo/a (")
	a := section(out, "TestScenario/Echo/a")
	assert.Contains(t, a, "✗ TestScenario/Echo/a: a is broken")
	assert.Contains(t, a, "Also: these checks come from stage 01; the code is in stage01-echo/echo.go", "Inherit's note")
	assert.Contains(t, a, "Also: 1 later check builds on this one", "the dependents are counted under their new names")
	assert.NotContains(t, a, "Next step:", "an inherited case points at no TODO")

	assert.Contains(t, out, "--- SKIP: TestScenario/Echo/b (")
	assert.Contains(t, section(out, "TestScenario/Echo/b"), "held back: needs Echo/a, which failed above")
}

func TestRunWatchdog(t *testing.T) {
	out, err := scenario(t, "watchdog", "")
	require.Error(t, err, "the scenario fails:\n%s", out)

	assert.Contains(t, out, "--- FAIL: TestScenario/read (")
	read := section(out, "TestScenario/read")
	assert.Contains(t, read, "watchdog: read was still running after 250ms; closing its connections")
	assert.Contains(t, read, "✗ TestScenario/read: alice expected a complete line")
	assert.Contains(t, read, "What happened: the client's own connection was closed under it, most likely by the watchdog")
	assert.Contains(t, read, "Next step: open TODO(2)")
	assert.Less(t, elapsed(t, out, "FAIL", "TestScenario/read"), ReadTimeout,
		"the watchdog closed the connection before the read timed out")
}

func TestRunGivesUpWhenServeReturns(t *testing.T) {
	out, err := scenario(t, "quits", "")
	require.Error(t, err, "the scenario fails:\n%s", out)

	quits := section(out, "TestScenario/quits")
	assert.Contains(t, quits, "✗ TestScenario/quits: alice expected a complete line")
	assert.Contains(t, quits, "What happened: the server had already stopped (see below), so nothing more could arrive and the harness did not wait.")
	assert.Contains(t, quits, "Also: Serve returned nil while the case was still running. It should keep accepting connections until its listener is closed.")
	assert.Contains(t, quits, "Next step: open TODO(1) in kit/check/toy.go: the accept loop", "the stage's ServeTodo, not the case's")
	assert.Contains(t, quits, "=== ATTR  TestScenario/quits todo 1\n", "the TODO as a test attribute, for go test -json")
	assert.Contains(t, quits, "=== ATTR  TestScenario/quits todo-file kit/check/toy.go\n")
	assert.NotContains(t, quits, "watchdog")
	assert.Less(t, elapsed(t, out, "FAIL", "TestScenario/quits"), ReadTimeout, "the read did not wait out ReadTimeout")
}
