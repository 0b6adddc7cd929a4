// Package check is the test harness behind every stage of the workbook.
//
// A stage's suite is a list of named Cases. Each case runs as a subtest with
// its own server, its own named clients and a watchdog. The clients record
// every byte they send and receive, so that when a case fails the student
// sees the whole conversation, the first byte that went wrong, a plain
// reading of any network error and the TODO to open next.
//
// Cases talk to the server under test only through its TCP address. The
// in-process starter (T.Start) is one way to get such an address; any other
// way, such as a separate process, works the same.
package check

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// ReadTimeout bounds every read a client makes. A server that has not
// answered within it is reported as silent.
const ReadTimeout = 2 * time.Second

// DefaultWatchdog is how long a case may run before its connections are
// closed under it.
const DefaultWatchdog = 10 * time.Second

// Stage names a workbook stage and the TODOs in its starter, so that a failure
// can point at the code to open.
type Stage struct {
	Name  string         // shown in headlines, for example "Echo"
	File  string         // the starter file, relative to the workspace root
	Todos map[int]string // what each numbered TODO asks for
	// ServeTodo, if set, is the TODO that holds the accept loop. A failure
	// while Serve has already returned on its own points there instead.
	ServeTodo int
	// Symptoms are the ids of the mistakes this stage's checks diagnose
	// (see Diagnose), the common ones aside. HINTS.md has a section
	// "## symptom: <id>" for each, and stagecheck proves it.
	Symptoms []string
	// Render, if set, shows every case's traffic as it renders each
	// message (see RenderTraffic): a protocol's stage sets it once.
	Render func(p []byte) string

	// hand is what a failure's "Try it by hand" needs from the manifest;
	// Manifest.Suite fills it.
	hand *byHand
}

// Case is one named check.
type Case struct {
	Name     string        // the subtest name: go test -run 'Echo/<Name>'
	Todo     int           // the TODO a student should open when it fails
	Watchdog time.Duration // zero means DefaultWatchdog
	// InProcess marks a case that needs what only a server running inside
	// the test binary offers: calling Go functions directly, injecting a
	// handler, counting goroutines. It is skipped, with that reason, when
	// the suite drives an external command (see Launch).
	InProcess bool
	// Needs names earlier cases of the same Run that this one builds on.
	// While one of them fails, this case is skipped instead of failing the
	// same way a second later: the student sees one failure to fix. A case
	// run alone (go test -run) always runs.
	Needs []string
	Run   func(c *T)

	inherited bool // see Inherit: its symptoms are the earlier stage's
}

// Run runs every case as a subtest of t, in order.
//
// A case named "Group/check" runs as the subtest check of a subtest
// Group, so every level of a name is a real test and -run 'Chat/ChatA'
// selects a group. Consecutive cases with the same first part share one
// group; Needs always names cases by their full name.
func Run(t *testing.T, st Stage, cases []Case) {
	t.Helper()
	dependents := map[string]int{}
	for _, tc := range cases {
		for _, n := range tc.Needs {
			dependents[n]++
		}
	}
	if seed, err := strconv.ParseInt(os.Getenv(ShuffleEnv), 10, 64); err == nil {
		cases = shuffle(cases, seed)
		t.Logf("%s=%d: the checks run in a shuffled order", ShuffleEnv, seed)
	}
	r := &runner{stage: st, dependents: dependents, failed: map[string]string{}}
	r.run(t, "", cases)
}

// ShuffleEnv, set to a number, shuffles the order the checks run in with
// that seed: the progress command's -stress sets it, to find a check
// that passes only after another has run. The checks of a group stay
// together, and each still runs after the checks it Needs.
const ShuffleEnv = "WORKBOOK_SHUFFLE"

// shuffle permutes the cases within each group (the part of the name
// before the last "/"), keeping the groups where they are and every case
// after the cases of its group that it needs.
func shuffle(cases []Case, seed int64) []Case {
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	group := func(name string) string {
		i := strings.LastIndex(name, "/")
		if i < 0 {
			return ""
		}
		return name[:i]
	}
	out := make([]Case, 0, len(cases))
	for i := 0; i < len(cases); {
		j := i + 1
		for j < len(cases) && group(cases[j].Name) == group(cases[i].Name) {
			j++
		}
		g := slices.Clone(cases[i:j])
		rng.Shuffle(len(g), func(a, b int) { g[a], g[b] = g[b], g[a] })
		out = append(out, afterNeeds(g)...)
		i = j
	}
	return out
}

// afterNeeds orders g so that each case comes after the cases of g that
// it needs, keeping the given order otherwise.
func afterNeeds(g []Case) []Case {
	in := map[string]bool{}
	for _, c := range g {
		in[c.Name] = true
	}
	placed := map[string]bool{}
	var out []Case
	for len(out) < len(g) {
		progress := false
		for _, c := range g {
			if placed[c.Name] {
				continue
			}
			ready := true
			for _, n := range c.Needs {
				ready = ready && (!in[n] || placed[n])
			}
			if ready {
				out, placed[c.Name], progress = append(out, c), true, true
			}
		}
		if !progress { // a cycle of Needs: keep the rest as they are
			for _, c := range g {
				if !placed[c.Name] {
					out, placed[c.Name] = append(out, c), true
				}
			}
		}
	}
	return out
}

// runner runs one suite's cases, remembering which failed for Needs.
type runner struct {
	stage      Stage
	dependents map[string]int
	failed     map[string]string // a case that did not pass: the failed case to fix, itself or one it waits for
}

// run runs cases whose names start with prefix, grouping them by the next
// part of their names.
func (r *runner) run(t *testing.T, prefix string, cases []Case) {
	t.Helper()
	for i := 0; i < len(cases); {
		rest := strings.TrimPrefix(cases[i].Name, prefix)
		group, _, grouped := strings.Cut(rest, "/")
		if !grouped {
			r.one(t, cases[i], rest)
			i++
			continue
		}
		j := i + 1
		for j < len(cases) && strings.HasPrefix(cases[j].Name, prefix+group+"/") {
			j++
		}
		inner := cases[i:j]
		t.Run(group, func(t *testing.T) {
			t.Helper()
			r.run(t, prefix+group+"/", inner)
		})
		i = j
	}
}

// one runs a single case as the subtest called name.
func (r *runner) one(t *testing.T, tc Case, name string) {
	t.Helper()
	// A case held back waits for what its need waits for: a chain of
	// Needs is held back by the failure at its root.
	root := ""
	for _, n := range tc.Needs {
		if root = r.failed[n]; root != "" {
			break
		}
	}
	passed := t.Run(name, func(t *testing.T) {
		t.Helper()
		if root != "" {
			t.Attr(AttrHeldBack, root)
			t.Skipf("held back: needs %s, which failed above; fix that first (or run this one alone with -run)", root)
		}
		runCase(t, r.stage, tc, r.dependents[tc.Name])
	})
	switch {
	case root != "":
		r.failed[tc.Name] = root
	case !passed:
		r.failed[tc.Name] = tc.Name
	}
}

// With gives a case state of its own: setup makes it from the case's T
// when the case starts, and run gets it. A suite whose helpers share
// per-case state (the case's clients by name, what it expects next) keeps
// it in a type that embeds *T and writes its cases as methods on that:
//
//	{Name: "ChatA/welcome", Todo: 1, Run: check.With(s.newCase, (*chatCase).welcome)}
func With[S any](setup func(*T) S, run func(S)) func(*T) {
	return func(c *T) { run(setup(c)) }
}

func runCase(t *testing.T, st Stage, tc Case, dependents int) {
	t.Helper()
	if tc.InProcess && external() != "" {
		t.Skipf("needs the server inside the test binary (a Go hook), but %s names an external command", CommandEnv)
	}
	c := &T{TB: t, stage: st, todo: tc.Todo, caseTodo: tc.Todo, name: t.Name(), inherited: tc.inherited, render: st.Render}
	limit := tc.Watchdog
	if limit == 0 {
		limit = DefaultWatchdog
	}
	// The watchdog cannot stop the case goroutine, but closing every
	// connection wakes any read or write it is blocked in, and every
	// wait in this package also watches c.expired.
	c.expired = make(chan struct{})
	c.limit = limit
	var fired sync.Once // a re-armed watchdog (see StartCommand) may fire twice
	c.dog = time.AfterFunc(limit, func() {
		fired.Do(func() {
			close(c.expired)
			t.Errorf("watchdog: %s was still running after %v; closing its connections", tc.Name, limit)
			c.closeAll()
		})
	})
	// Registered first so that it runs last, after the server has stopped.
	// A case that ends as soon as c.expired closes may get here while the
	// watchdog is still inside its Errorf: the Once waits for it, and keeps
	// a late one from starting (an Errorf after the test has ended panics
	// and takes the whole test binary with it).
	t.Cleanup(func() {
		c.dog.Stop()
		fired.Do(func() {})
	})
	t.Cleanup(c.closeAll)
	c.dependents = dependents
	tc.Run(c)
}

// T is what a case works with: its server, its clients and its failure
// report. Like testing.T, a T belongs to the goroutine running the case;
// only the Go method may be used from other goroutines.
type T struct {
	testing.TB
	Addr string // the server under test; set by Start

	stage      Stage
	todo       int
	caseTodo   int // see CaseTodo
	name       string
	inherited  bool
	expired    chan struct{}
	dependents int         // later cases that need this one
	dog        *time.Timer // the watchdog
	limit      time.Duration
	fileLimit  int         // see LimitFiles
	symptom    *Symptom    // see Diagnose
	server     *Server     // the last one started
	launched   *launched   // how Launch started it, for "Try it by hand"
	gaveUp     atomic.Bool // the server quit on its own: reads stop waiting

	mu          sync.Mutex
	clients     []*Client
	log         []event
	notes       []func() string
	failing     *failure            // the failure being reported, for Mismatch
	render      func([]byte) string // see RenderTraffic
	private     bool                // see Private
	privateTodo int
	bg          sync.WaitGroup
	bgErrs      []error
}

// Todo changes the TODO that a failure from here on points at. Use it when a
// case moves from one idea to the next.
func (c *T) Todo(n int) { c.todo = n }

// CaseTodo is the case's own TODO, Case.Todo, whatever Todo has set since:
// a helper that points a failure elsewhere for a moment (the welcome is
// join's job) returns to it.
func (c *T) CaseTodo() int { return c.caseTodo }

// Note adds a line to any failure report. The function is called only when
// the case fails, and an empty result is left out.
func (c *T) Note(f func() string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.notes = append(c.notes, f)
}

// Mismatch is, while a failure report is being written, what the failing
// client received and what it should have; ok is false when the failure
// compares no bytes. A Note calls it to tell a wrong byte from a missing
// one, and diagnose accordingly.
func (c *T) Mismatch() (got, want []byte, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failing == nil || !c.failing.compare {
		return nil, nil, false
	}
	return c.failing.got, c.failing.want, true
}

// Event adds a line to the traffic log, for something the case did that
// is not a client's traffic: "server told to shut down".
func (c *T) Event(who, text string) { c.record(event{who: who, kind: evNote, text: text}) }

// Go runs f in its own goroutine, for a client that must write while
// another reads. Its error, if any, fails the case at the next Wait.
func (c *T) Go(f func() error) {
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		if err := f(); err != nil {
			c.mu.Lock()
			c.bgErrs = append(c.bgErrs, err)
			c.mu.Unlock()
		}
	}()
}

// Wait waits for everything started with Go and fails the case with the
// first error any of them returned.
func (c *T) Wait() {
	c.Helper()
	done := make(chan struct{})
	go func() { c.bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-c.expired:
		// The watchdog has closed the clients' connections: give their
		// goroutines a moment to say where they were.
		t := time.NewTimer(time.Second)
		select {
		case <-done:
		case <-t.C:
		}
		t.Stop()
		f := failure{headline: "a client's goroutine in the harness never finished: " +
			"a writer the server stopped reading, or a reader still waiting for what the server never sent"}
		c.mu.Lock()
		if len(c.bgErrs) > 0 {
			f.detail = "Once the watchdog closed the connections, the first goroutine to give up said: " + c.bgErrs[0].Error()
		}
		c.mu.Unlock()
		c.Fatalf("%s", c.report(f))
	}
	c.mu.Lock()
	errs := c.bgErrs
	c.mu.Unlock()
	if len(errs) > 0 {
		c.Fatalf("%s", c.report(failure{headline: "a client's goroutine in the harness failed", err: errs[0]}))
	}
}

// Failf stops the case with a full report: the headline, the traffic so
// far, the notes and the TODO to open.
func (c *T) Failf(format string, args ...any) {
	c.Helper()
	c.Fatalf("%s", c.report(failure{headline: fmt.Sprintf(format, args...)}))
}

// Expired is closed when the watchdog fires. Cases that wait on anything
// other than a client should select on it too.
func (c *T) Expired() <-chan struct{} { return c.expired }

// giveUp is called when the server under test has returned (or exited)
// without being asked to: nothing more can arrive, so every read, now and
// later, fails at once instead of waiting out ReadTimeout.
func (c *T) giveUp() {
	c.gaveUp.Store(true)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cl := range c.clients {
		cl.conn.SetReadDeadline(time.Now())
	}
}

func (c *T) closeAll() {
	c.mu.Lock()
	clients := append([]*Client(nil), c.clients...)
	c.mu.Unlock()
	for _, cl := range clients {
		cl.conn.Close()
	}
}

// record appends one line to the case's traffic log.
func (c *T) record(ev event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.log = append(c.log, ev)
}

// todoNow is the TODO a failure now points at, or 0 for none.
func (c *T) todoNow() int {
	if d := c.diagnosis(); d != nil && d.Todo != 0 {
		return d.Todo
	}
	if c.server != nil && c.server.quitEarly() && c.stage.ServeTodo != 0 {
		return c.stage.ServeTodo
	}
	return c.todo
}

// todoLine says which TODO to open, or nothing if the case names none. It
// also records the TODO as test attributes ("todo" and "todo-file"), which
// go test -json reports as attr events: the progress command reads those
// rather than the wording of the report.
func (c *T) todoLine() string {
	todo := c.todoNow()
	if todo == 0 {
		return ""
	}
	if c.TB != nil { // nil only in the report's own tests
		if d := c.diagnosis(); d != nil {
			c.Attr(AttrSymptom, d.ID)
		}
		c.Attr(AttrTodo, strconv.Itoa(todo))
		c.Attr(AttrTodoFile, c.stage.File)
	}
	what := c.stage.Todos[todo]
	var b strings.Builder
	fmt.Fprintf(&b, "Next step: open TODO(%d) in %s", todo, c.stage.File)
	if what != "" {
		fmt.Fprintf(&b, ": %s", what)
	}
	return b.String()
}

// The test attributes a failing case records, for tools reading
// go test -json.
const (
	AttrTodo     = "todo"      // the number of the TODO to open
	AttrHeldBack = "held-back" // on a skipped case: the failed case it needs
	AttrTodoFile = "todo-file" // the file it is in, relative to the workspace root
	// AttrTraffic is a failing case's traffic, the server's log lines
	// among it, as one line of JSON: a list of {"who", "dir", "text"},
	// dir "→" for sent, "←" for received, "log" for a log line, "" for a
	// note. The progress command draws it as lanes.
	AttrTraffic = "traffic"
)

// Inherit prepares cases from an earlier stage to run again in a later
// one: they point at no TODO of the later stage, and a failure says where
// the code they check lives, in note.
func Inherit(cases []Case, note string) []Case {
	out := make([]Case, len(cases))
	for i, tc := range cases {
		run := tc.Run
		tc.Todo = 0
		tc.inherited = true
		tc.Run = func(c *T) {
			c.Note(func() string { return note })
			run(c)
		}
		out[i] = tc
	}
	return out
}
