package main

// The corpus of student mistakes (each stage's Manifest.Mutants), run
// through the command as a student would meet them: each mutant takes
// the place of the student's server in the stage's own test, and the
// command's first failure must name the mutant's TODO; a race-only
// mistake must be reported as a data race, never as a pass.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	kit "tcpworkbook/kit/check"
)

// corpusStage says how to put a mutant in place of a stage's server.
type corpusStage struct {
	dir, test string // the stage and its student test file
	serve     string // the call in the test file that runs the student's server
	call      string // the same call on a mutant: %q is the mutant's name
}

var corpusStages = []corpusStage{
	{"stage01-echo", "echo_test.go", "new(echo.Server).Serve(ln)", "mutants.All[%q].Serve(context.Background(), ln, echotest.Config{})"},
	{"stage03-chat", "chat_test.go", "s := chat.Server{MaxLine: cfg.MaxLine, Queue: cfg.Queue, Log: cfg.Log}\n\treturn s.Serve(ctx, ln)",
		"_ = chat.Server{}\n\treturn mutants.All[%q].Serve(ctx, ln, cfg)"},
}

func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a stage once per mutant")
	}
	for _, cs := range corpusStages {
		m := manifestOf(cs.dir)
		require.NotNil(t, m, cs.dir)
		base := copyTree(t)
		src, err := os.ReadFile(filepath.Join(base, "solutions", cs.dir, "mutants", "mutants.go"))
		require.NoError(t, err)
		for _, mu := range m.Mutants {
			if !servesIn(string(src), mu.Name) || mu.Crashes {
				continue // a mutant of Listen, or one that ends its process on purpose
			}
			t.Run(cs.dir+"/"+mu.Name, func(t *testing.T) { runCorpusMutant(t, cs, mu) })
		}
	}
}

func runCorpusMutant(t *testing.T, cs corpusStage, mu kit.Mutant) {
	root := copyTree(t)
	copyMutants(t, root, cs.dir)
	test := filepath.Join(root, cs.dir, cs.test)
	plant(t, test, cs.serve, fmt.Sprintf(cs.call, mu.Name), "")
	suite := fmt.Sprintf(`"tcpworkbook/%s/%s"`, cs.dir, strings.TrimSuffix(cs.test, "_test.go")+"test")
	plant(t, test, suite, suite+"\n\t\"tcpworkbook/"+cs.dir+"/mutants\"", "")
	out, code := runReal(t, root, !mu.Race, "-stage", cs.dir)
	require.Equal(t, 1, code, "the mutant passed")
	if mu.Race {
		// The race detector reports it, or the runtime already stopped
		// the program ("concurrent map iteration and map write"), or,
		// without the detector, a check saw what the race did: stage
		// 03's name-race sees two clients given one name by a room with
		// no lock at all, and sends the student to rename, which takes
		// names without one (true, if not the whole story).
		require.Regexp(t, `a data race in your code|Your server crashed at \S+\.go:\d+: concurrent map|(?m)^Next step: open TODO\(\d+\) `, out)
		return
	}
	if mu.Todo == 0 {
		return
	}
	want := regexp.MustCompile(fmt.Sprintf(`(?m)^(Open \S+ \(TODO\(%d\)\)|Next step: open TODO\(%d\) )`, mu.Todo, mu.Todo))
	require.Regexp(t, want, out, "the first failure should lead to TODO(%d)", mu.Todo)
}

// servesIn reports whether the mutant called name has a Serve of its own
// in the mutants package src (and not only a Listen).
func servesIn(src, name string) bool {
	_, rest, ok := strings.Cut(src, "var All = map")
	if !ok {
		return false
	}
	block, _, _ := strings.Cut(rest, "\n}")
	for line := range strings.SplitSeq(block, "\n") {
		if strings.Contains(line, fmt.Sprintf("%q:", name)) {
			return !strings.Contains(line, "{Listen:")
		}
	}
	return false
}
