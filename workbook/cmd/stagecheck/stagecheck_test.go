package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpworkbook/kit/check"
	kitrun "tcpworkbook/kit/run"
)

func write(t *testing.T, root, path, text string) {
	t.Helper()
	p := filepath.Join(root, path)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
}

// TestFindsDrift builds a small stage with one of each drift and checks
// that each is reported, naming the file.
func TestFindsDrift(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.work", "go 1.26\n\nuse (\n\t./stage07-x\n)\n")
	write(t, root, "stage07-x/x.go", "package x\n\n// Serve serves.\nfunc Serve() {\n\t// TODO(1): the loop.\n}\n\n"+
		"// TODO(3): not in the manifest.\nfunc other() {}\n")
	write(t, root, "stage07-x/README.md", "# x\n\n| TODO | where | what |\n|---|---|---|\n| 1 | `other` | the loop |\n| 2 | `Serve` | gone |\n")
	write(t, root, "stage07-x/lines.go", "package x\n\nvar a = 2\n")
	write(t, root, "solutions/stage07-x/lines.go", "package solution\n\nvar a = 1\n")
	write(t, root, "stage07-x/cmd/x/main.go", "package main\n")
	write(t, root, "stage07-x/cmd/y/main.go", "// Command y runs yours.\npackage main\n\nimport _ \"tcpworkbook/stage07-x\"\n\nvar v = 2\n")
	write(t, root, "solutions/stage07-x/cmd/y/main.go",
		"// Command y runs the reference.\npackage main\n\nimport _ \"tcpworkbook/solutions/stage07-x\"\n\nvar v = 1\n")
	write(t, root, "stage08-y/README.md", "# not registered\n")
	write(t, root, "stage07-x/HINTS.md", "# Hints\n\n## symptom: stray\n1. a\n\n## symptom: panic\n1. b, as in stage 01's TODO(9), then TODO(8)\n")
	write(t, root, "stage07-x/xtest/messages.go", "package xtest\n\nconst m = \"other (TODO(1)) and TODO(7); Serve (TODO(1) works)\"\n")
	m := &check.Manifest{
		Stage: check.Stage{Name: "X", File: "stage07-x/x.go", Todos: map[int]string{1: "the loop", 2: "gone"},
			Symptoms: []string{"declared", check.SymptomRace}},
		Number:   7,
		Dir:      "stage07-x",
		Test:     "TestX",
		Commands: []check.Command{{Name: "x"}, {Name: "y"}},
		Mutants:  []check.Mutant{{Name: "m", Check: "a", Todo: 9}},
		Carried:  []check.Carried{{From: "solutions/stage07-x/lines.go", To: "stage07-x/lines.go"}},
	}
	var out bytes.Buffer
	n := run(&out, root, []*check.Manifest{m}, false)
	for _, want := range []string{
		"stage08-y has no entry in workbook/internal/stages/stages.go",
		"go.work does not use ./stage08-y",
		"TODO(3) is in stage07-x/x.go but not in the suite's Manifest.Todos",
		"TODO(2) is in Manifest.Todos and stage07-x/README.md but stage07-x/x.go has no TODO(2) comment",
		"TODO(3) is in stage07-x/x.go but not in the TODO table of stage07-x/README.md",
		"stage07-x/README.md:5: the TODO table says TODO(1) is in [other], but its comments in stage07-x/x.go are in [Serve]",
		"mutant m points at TODO(9)",
		"stage07-x/lines.go has drifted from solutions/stage07-x/lines.go, which it carries unchanged: " +
			`line 2 after the package clause is "var a = 1" there and "var a = 2" here`,
		"command x: solutions/stage07-x/cmd/x has no main package",
		"stage07-x/cmd/y/main.go differs from solutions/stage07-x/cmd/y/main.go, which is the same program " +
			`but for its doc comment and import: line 4 after the package clause is "var v = 1" there and "var v = 2" here`,
		"README.md (the root's) does not name stage07-x/x.go",
		`stage07-x/HINTS.md has no section "## symptom: declared" for a symptom the manifest declares`,
		`the manifest declares "data-race", one of the kit's common symptoms`,
		`stage07-x/HINTS.md has a section "## symptom: stray", a symptom the manifest does not declare`,
		"stage07-x/xtest/messages.go:3: says other holds TODO(1), but that TODO's comments are in [Serve]",
		"stage07-x/xtest/messages.go:3 names TODO(7), which the stage does not have",
		"stage07-x/HINTS.md:7 names TODO(8), which the stage does not have",
		"no starter is kept for stage07-x: run go run ./workbook/cmd/stagecheck -sync-starters",
	} {
		assert.Contains(t, out.String(), want, "the report does not say %q:\n%s", want, out.String())
	}
	assert.Equal(t, 18, n, "problems:\n%s", out.String())
}

func TestHintChecksSkipSymptoms(t *testing.T) {
	got := hintChecks([]byte("# Hints\n\n## Echo/short\n1. a\n\n## symptom: sender-echo\n1. b\n"))
	assert.Equal(t, []string{"Echo/short"}, got, "hintChecks = %q, want only Echo/short", got)
}

// TestFirstTodo: the starter loop of scripts/check.sh reads the first
// failure's TODO from its attribute, whatever the report's words.
func TestFirstTodo(t *testing.T) {
	stream := `{"Action":"run","Test":"TestX/a"}
not JSON: a line go test printed
{"Action":"attr","Test":"TestX/a","Key":"todo-file","Value":"stage07-x/x.go"}
{"Action":"attr","Test":"TestX/a","Key":"todo","Value":"1"}
{"Action":"attr","Test":"TestX/b","Key":"todo","Value":"3"}
`
	assert.Equal(t, "1", firstTodo(strings.NewReader(stream)), "firstTodo")
	assert.Empty(t, firstTodo(strings.NewReader(`{"Action":"fail"}`)), "firstTodo of a run with no report")
}

// TestFlagFacts: what -h prints, the manifest lists and the README's
// Flags table names are read alike, and each disagreement is named.
func TestFlagFacts(t *testing.T) {
	help := "Usage of chat:\n  -addr string\n    \taddress to listen on (default \"127.0.0.1:8080\")\n" +
		"  -queue lines\n    \tthe most lines kept (1 to 100000) (default 100)\n  -extra\n    \ta flag nobody lists\n"
	got := parseHelp(help)
	require.Len(t, got, 3, "parseHelp = %+v", got)
	require.Equal(t, []string{"127.0.0.1:8080", "100", ""}, []string{got[0].def, got[1].def, got[2].def},
		"the defaults parseHelp read; parseHelp = %+v", got)
	c := check.Command{Name: "chat", Flags: []kitrun.Flag{
		kitrun.Int{Name: "queue", Usage: "the most `lines` kept", Default: 99, Min: 1, Max: 100_000},
		kitrun.String{Name: "gone", Usage: "a flag the command lost"},
	}}
	problems := strings.Join(compareListed(c, got), "\n")
	assert.Empty(t, compareListed(check.Command{Name: "chat", Flags: []kitrun.Flag{kitrun.Duration{Name: "extra"}}}, got[2:]),
		"-h prints no default for a zero value: a Duration's 0s is what it means")
	for _, want := range []string{
		"Manifest.Commands says -queue defaults to 99; its -h says 100",
		"Manifest.Commands lists -gone, which its -h does not have",
		"its -h has -extra, which Manifest.Commands does not list",
	} {
		assert.Contains(t, problems, want, "compareListed does not say %q:\n%s", want, problems)
	}
	rows, ok := flagsTable("## Flags\n\n| command | flag | meaning |\n|---|---|---|\n| all | `-addr` | where (default `127.0.0.1:8080`) |\n" +
		"| `lines` | `-max-line N` | longest (default 65536; 1 to 67108864) |\n\n## Next\n| `-not-flags` | x |\n")
	assert.True(t, ok, "flagsTable = %v, %v", rows, ok)
	assert.Equal(t, map[string]string{"addr": "127.0.0.1:8080", "max-line": "65536"}, rows, "flagsTable = %v, %v", rows, ok)
}

// TestReadmeFlags: the README's Flags table names exactly the commands'
// flags, with their defaults.
func TestReadmeFlags(t *testing.T) {
	root := t.TempDir()
	write(t, root, "stage07-x/README.md", "# x\n\n## Flags\n\n| flag | default | meaning |\n|---|---|---|\n"+
		"| `-queue N` | `99` | lines kept |\n| `-gone` | | a flag no command has |\n\n## Next\n")
	m := &check.Manifest{Dir: "stage07-x"}
	all := map[string]cmdFlag{"queue": {name: "queue", def: "100"}, "max-line": {name: "max-line", def: "4096"}}
	problems := strings.Join(compareReadme(root, m, all), "\n")
	for _, want := range []string{
		"the Flags table lists -gone, which no command of the stage has",
		"the Flags table says -queue defaults to 99; the command's -h says 100",
		"the Flags table does not list -max-line, which a command of the stage has",
	} {
		assert.Contains(t, problems, want, "compareReadme does not say %q:\n%s", want, problems)
	}
}

// TestReadmeRanges: the range the README's Flags table gives a flag is
// the one its facts refuse outside of.
func TestReadmeRanges(t *testing.T) {
	root := t.TempDir()
	write(t, root, "stage07-x/README.md", "# x\n\n## Flags\n\n| flag | default | meaning |\n|---|---|---|\n"+
		"| `-queue N` | `100` | lines kept; 1 to 1,000 |\n| `-idle` | `30s` | idle for this long; 1ms to 24h |\n"+
		"| `-drain` | `5s` | how long a shutdown waits |\n| `-max-line` | `4096` | the longest line; 1 to 16777216 |\n\n## Next\n")
	m := &check.Manifest{Dir: "stage07-x", Commands: []check.Command{{Name: "x", Flags: []kitrun.Flag{
		kitrun.Int{Name: "queue", Default: 100, Min: 1, Max: 100_000},
		kitrun.Duration{Name: "idle", Default: 30 * time.Second, Min: time.Millisecond, Max: 24 * time.Hour},
		kitrun.Duration{Name: "drain", Default: 5 * time.Second, Min: time.Millisecond, Max: time.Hour},
		kitrun.Int{Name: "max-line", Default: 4096, Min: 1, Max: 16 << 20},
	}}}}
	problems := checkRanges(root, m)
	require.Len(t, problems, 2, "%s", strings.Join(problems, "\n"))
	assert.Contains(t, problems[0], "the Flags table's -queue: says 1 to 1,000; the command takes 1 to 100000")
	assert.Contains(t, problems[1], "the Flags table's -drain: gives no range; the command takes 1ms to 1h0m0s")
}

// TestDefaults: a Default constant of the starter or the reference is the
// default of the flag of the same name.
func TestDefaults(t *testing.T) {
	root := t.TempDir()
	write(t, root, "stage07-x/x.go", "package x\n\nimport \"time\"\n\nconst (\n\tDefaultMaxLine = 64 << 10\n"+
		"\tDefaultIdle = 30 * time.Second\n\tDefaultQueue = base * 2\n\tbase = 50\n\tDefaultOther = 1\n)\n")
	write(t, root, "solutions/stage07-x/x.go", "package x\n\nconst DefaultMaxLine = 4096\n")
	m := &check.Manifest{Dir: "stage07-x", Commands: []check.Command{{Name: "x", Flags: []kitrun.Flag{
		kitrun.Int{Name: "max-line", Default: 64 << 10},
		kitrun.Duration{Name: "idle", Default: 20 * time.Second},
		kitrun.Int{Name: "queue", Default: 100},
	}}}}
	problems := checkDefaults(root, m)
	require.Len(t, problems, 2, "%s", strings.Join(problems, "\n"))
	assert.Equal(t, "stage07-x: the Default constant for -idle is 30s; the flag's default is 20s", problems[0])
	assert.Equal(t, "solutions/stage07-x: the Default constant for -max-line is 4096; the flag's default is 65536", problems[1])
}

// TestGuidance plants each breach of a stage's Guidance in a starter.
func TestGuidance(t *testing.T) {
	root := t.TempDir()
	write(t, root, "stage09-x/x.go", `package x

// Serve serves.
func Serve() {
	// TODO(1): worked: the first one may say
	//   - conn, err := ln.Accept()
	//   - go handle(conn)

	// TODO(2): accept every client at once, and never let one slow
	// client hold up the next: that is the lecture's first lesson.

	// TODO(3): read with n, err := conn.Read(buf) and then
	// write buf[:n] back.

	// TODO(4): the steps:
	// 1. read
	// 2. write

	// TODO(4), continued: one line.
	// two
	// three
	// four
	//
	// A paragraph after a blank comment line is not the TODO's.
}
`)
	m := &check.Manifest{Stage: check.Stage{File: "stage09-x/x.go"}, Guidance: check.Guidance{MaxLines: 3, Plain: true, Worked: 1}}
	problems := strings.Join(checkGuidance(root, m), "\n")
	for _, want := range []string{
		`stage09-x/x.go:12: TODO(3) spells out code (line 12: ":=")`,
		"stage09-x/x.go:15: TODO(4) is a step list (line 16)",
		"stage09-x/x.go:19: TODO(4) has 4 comment lines; this stage's TODOs have at most 3",
	} {
		assert.Contains(t, problems, want)
	}
	assert.NotContains(t, problems, "TODO(1)", "the worked TODO may show its steps")
	assert.NotContains(t, problems, "TODO(2)", "a goal and its constraint are what a TODO should say")
	assert.Empty(t, checkGuidance(root, &check.Manifest{Stage: check.Stage{File: "stage09-x/x.go"}}), "no Guidance, no bounds")
}
