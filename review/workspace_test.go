package review

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the review over the workspace around this module: the
// references and the starters must give no finding at all, and every
// analyzer must catch a known mistake, in a mutant or planted in a
// reference. They load the workspace through its go.work even when the
// module is tested alone (GOWORK=off), since Check names go.work itself.

// workspace returns the workspace root, the directory above this module
// that holds go.work, or skips the test outside a checkout.
func workspace(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "go.work")); err != nil {
		t.Skip("not inside the workbook's workspace")
	}
	return root
}

// stageDir returns stage num's directory name, such as "stage03-chat".
func stageDir(t *testing.T, root string, num int) string {
	t.Helper()
	dir, err := StageDir(root, num)
	require.NoError(t, err)
	return dir
}

// TestReferencesClean: no finding on any reference (its package and its
// command, not its mutants), with the analyzers of its stage.
func TestReferencesClean(t *testing.T) {
	root := workspace(t)
	for num := 1; num <= 6; num++ {
		dir := "./solutions/" + stageDir(t, root, num)
		expectNone(t, root, num, dir, dir+"/cmd/...")
	}
}

// TestStartersClean: no finding on any starter module, the given
// commands included and the check suites left out.
// The starters' unwritten TODOs must not show up as findings either.
func TestStartersClean(t *testing.T) {
	root := workspace(t)
	for num := 1; num <= 6; num++ {
		expectNone(t, root, num, "./"+stageDir(t, root, num)+"/...")
	}
}

func expectNone(t *testing.T, root string, num int, patterns ...string) {
	t.Helper()
	findings, err := Check(root, num, patterns...)
	if !assert.NoError(t, err, "stage %02d %v", num, patterns) {
		return
	}
	assert.Empty(t, findings, "stage %02d: false alarms", num)
}

// mutantCatches lists, for each analyzer, the mutants it catches: the
// file of solutions/stageNN-x/mutants whose mistake it reports.
var mutantCatches = []struct {
	stage   int
	file    string
	pitfall string
}{
	{1, "exit_on_reset.go", "exit-in-handler"},    // log.Fatalf on one client's error
	{1, "panic_on_reset.go", "exit-in-handler"},   // panic on one client's error
	{1, "ignore_eof.go", "eof-ignored"},           // continue on io.EOF, forever
	{1, "whole_buffer.go", "error-before-data"},   // n thrown away, all of buf written
	{1, "leak.go", "write-error-ignored"},         // the writer goroutine ignores failed writes
	{1, "line_scanner.go", "write-error-ignored"}, // conn.Write's error ignored in the scan loop
	{2, "drop_last_line.go", "error-before-data"}, // a last line without "\n" dropped at io.EOF
	{2, "never_flush.go", "unflushed-writer"},     // replies stay in the bufio.Writer
	{2, "read_is_line.go", "write-error-ignored"}, // conn.Write's error ignored in the read loop
	{6, "copy_per_chunk.go", "alloc-per-read"},    // append([]byte(nil), *buf...) per message
}

// TestMutantsCaught: each listed mutant is caught by its analyzer.
func TestMutantsCaught(t *testing.T) {
	root := workspace(t)
	found := map[int]map[string]bool{} // stage -> "file pitfall"
	for _, m := range mutantCatches {
		if found[m.stage] != nil {
			continue
		}
		found[m.stage] = map[string]bool{}
		findings, err := Check(root, m.stage, "./solutions/"+stageDir(t, root, m.stage)+"/mutants")
		require.NoError(t, err)
		for _, f := range findings {
			found[m.stage][filepath.Base(f.File)+" "+f.Name] = true
			t.Logf("%s", f)
		}
	}
	for _, m := range mutantCatches {
		assert.True(t, found[m.stage][m.file+" "+m.pitfall], "%s did not catch the stage %02d mutant in %s", m.pitfall, m.stage, m.file)
	}
}

// planted are mistakes that no mutant makes, planted in a reference
// copied over its starter (an overlay: no file on disk changes). Each is a
// mistake the issue names, or the one that proves an analyzer that
// catches no mutant.
var planted = []struct {
	name    string
	stage   int
	file    string      // relative to the workspace root
	edits   [][2]string // each old text, exactly once in the file, and its replacement
	pitfall string
	todo    int
	says    []string // each a part of the finding's message
}{
	{"handle without defer conn.Close()", 1, "solutions/stage01-echo/echo.go",
		[][2]string{{"defer conn.Close()\n", ""}}, "conn-not-closed", 1, nil},
	// Found in a student's play-through: the error looked at, printed,
	// and the loop goes on writing for nobody.
	{"a write error printed and the loop going on", 1, "solutions/stage01-echo/echo.go",
		[][2]string{{"return total, werr", "fmt.Println(\"write failed:\", werr)\n\t\t\t\tcontinue"}}, "write-error-ignored", 2,
		[]string{"looked at, logged, and the loop goes on"}},
	{"panic(err) instead of logging a connection's error", 1, "solutions/stage01-echo/echo.go",
		[][2]string{{`log.Warn("connection failed", "echoed", n, "err", err)`, "panic(err)"}}, "exit-in-handler", 2, nil},
	// Every caller that holds the lock is named: fixing join alone would
	// leave leave, broadcast and rename blocking the room.
	{"broadcastLocked writing to each client's conn under s.mu", 3, "solutions/stage03-chat/chat.go",
		[][2]string{{"c.send(line)", "c.conn.Write([]byte(line))"}}, "lock-held-across-io", 2,
		[]string{"c.conn.Write runs with s.mu held (by join, leave, broadcast and rename)"}},
	// The same write's error, thrown away in the loop over the room: one
	// client's failed write should drop that client, not end the loop.
	// Stage 03 has no TODO for the pitfall, but broadcastLocked is TODO(2).
	{"broadcastLocked ignoring a client's write error", 3, "solutions/stage03-chat/chat.go",
		[][2]string{{"c.send(line)", "c.conn.Write([]byte(line))"}}, "write-error-ignored", 2,
		[]string{"thrown away in a loop over clients", "drop that client", "go on with the others"}},
	// A write under the lock in who is TODO(4)'s code, though TODO(2)
	// teaches the pitfall: the finding names the TODO of its function.
	{"who writing to the client under s.mu", 3, "solutions/stage03-chat/chat.go",
		[][2]string{{
			"\ts.mu.Unlock()\n\tc.send(\"* online: \" + strings.Join(names, \", \") + \"\\n\")",
			"\tc.conn.Write([]byte(\"* online: \" + strings.Join(names, \", \") + \"\\n\"))\n\ts.mu.Unlock()",
		}}, "lock-held-across-io", 4, []string{"c.conn.Write while s.mu is held"}},
	{"time.Sleep for the accept backoff", 5, "solutions/stage05-limits/limits.go",
		[][2]string{{"s.sleep(ctx, delay)", "time.Sleep(delay)"}}, "sleep-ignores-ctx", 5, nil},
	{"no slot taken before the handler's goroutine", 5, "solutions/stage05-limits/limits.go",
		[][2]string{
			{"if s.Policy == Wait && !slots.acquire(ctx) {\n\t\t\treturn nil\n\t\t}", ""},
			{"if s.Policy != Wait && !slots.tryAcquire() {\n\t\t\ts.reject(conn)\n\t\t\tcontinue\n\t\t}", ""},
		}, "unlimited-goroutines", 1, nil},
	{"the refusal written with no deadline", 5, "solutions/stage05-limits/limits.go",
		[][2]string{{"\tconn.SetWriteDeadline(time.Now().Add(rejectTimeout))\n", ""}},
		"write-blocks-accept", 1, []string{"io.WriteString(conn, ...) on the accept loop's goroutine"}},
}

// TestPlantedCaught: each planted mistake, in the reference copied over
// its starter (as the "Done when" has it), gives a finding of its
// pitfall in the planted file, naming the right TODO.
func TestPlantedCaught(t *testing.T) {
	root := workspace(t)
	for _, p := range planted {
		t.Run(p.name, func(t *testing.T) {
			dir := stageDir(t, root, p.stage)
			overlay, err := referenceOver(filepath.Join(root, "solutions", dir), filepath.Join(root, dir))
			require.NoError(t, err)
			rel := strings.TrimPrefix(p.file, "solutions/") // where the student's copy is
			path := filepath.Join(root, rel)
			text := string(overlay[path])
			for _, e := range p.edits {
				require.Equal(t, 1, strings.Count(text, e[0]),
					"%q must be in %s once: the reference changed; update the planted edit", e[0], p.file)
				text = strings.Replace(text, e[0], e[1], 1)
			}
			overlay[path] = []byte(text)
			findings, err := check(root, p.stage, overlay, []string{"./" + dir})
			require.NoError(t, err)
			i := slices.IndexFunc(findings, func(f Finding) bool { return f.Name == p.pitfall && f.File == rel })
			require.GreaterOrEqual(t, i, 0, "no %s finding in %s; got %v", p.pitfall, rel, findings)
			f := findings[i]
			t.Logf("%s", f)
			assert.Equal(t, p.todo, f.Todo, "the TODO the finding names:\n%s", f)
			for _, part := range p.says {
				assert.Contains(t, f.Message, part)
			}
		})
	}
}

// TestEveryAnalyzerCatchesOne: each analyzer appears in one of the tables
// above, so CI proves that each one catches a real mistake.
func TestEveryAnalyzerCatchesOne(t *testing.T) {
	caught := map[string]bool{}
	for _, m := range mutantCatches {
		caught[m.pitfall] = true
	}
	for _, p := range planted {
		caught[p.pitfall] = true
	}
	for _, a := range All() {
		name := PitfallName(a)
		assert.True(t, caught[name], "%s catches no mutant and no planted mistake", name)
	}
}

// TestReferencesOverStartersClean: each reference, copied over its
// starter (by an overlay: nothing on disk changes), gives no finding
// when reviewed as the student's own package, as go run ./workbook
// -review sees it. A starter file the reference has no copy of is
// emptied, so that nothing is declared twice.
func TestReferencesOverStartersClean(t *testing.T) {
	root := workspace(t)
	for num := 1; num <= 6; num++ {
		dir := stageDir(t, root, num)
		overlay, err := referenceOver(filepath.Join(root, "solutions", dir), filepath.Join(root, dir))
		require.NoError(t, err)
		findings, err := check(root, num, overlay, []string{"./" + dir})
		if !assert.NoError(t, err, "stage %02d", num) {
			continue
		}
		assert.Empty(t, findings, "stage %02d: false alarms on the reference copied over the starter", num)
	}
}

// referenceOver returns an overlay that puts the Go files of the
// reference in ref in place of those of the starter in starter.
func referenceOver(ref, starter string) (map[string][]byte, error) {
	overlay := map[string][]byte{}
	goFiles := func(dir string) ([]string, error) {
		all, err := filepath.Glob(filepath.Join(dir, "*.go"))
		var out []string
		for _, f := range all {
			if !strings.HasSuffix(f, "_test.go") {
				out = append(out, filepath.Base(f))
			}
		}
		return out, err
	}
	refFiles, err := goFiles(ref)
	if err != nil {
		return nil, err
	}
	pkgName := ""
	for _, f := range refFiles {
		src, err := os.ReadFile(filepath.Join(ref, f))
		if err != nil {
			return nil, err
		}
		overlay[filepath.Join(starter, f)] = src
		if pkgName == "" {
			pkgName = packageName(string(src))
		}
	}
	starterFiles, err := goFiles(starter)
	if err != nil {
		return nil, err
	}
	for _, f := range starterFiles {
		if _, ok := overlay[filepath.Join(starter, f)]; !ok {
			overlay[filepath.Join(starter, f)] = []byte("package " + pkgName + "\n")
		}
	}
	return overlay, nil
}

// packageName returns the name in a Go file's package clause.
func packageName(src string) string {
	for _, line := range strings.Split(src, "\n") {
		if name, ok := strings.CutPrefix(line, "package "); ok {
			return strings.TrimSpace(name)
		}
	}
	return ""
}

// TestCodeUnderKeptTodo: a student who writes under a TODO comment they
// kept gets the findings of that code. Found in a play-through of stage
// 05: a Write with no deadline in reject, right under "TODO(1),
// continued", was held back as if it were the starter's stub. The
// starter's own stubs stay held back (the accept loop's add-then-go).
func TestCodeUnderKeptTodo(t *testing.T) {
	root := workspace(t)
	path := filepath.Join(root, "stage05-limits", "limits.go")
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	const stub = "\t// not stall the accept loop, and the log says who was turned away.\n\tconn.Close()\n"
	require.Equal(t, 1, strings.Count(string(src), stub), "the starter's reject changed; update the test")
	written := strings.Replace(string(src), stub,
		"\t// not stall the accept loop, and the log says who was turned away.\n\tconn.Write([]byte(Busy))\n\tconn.Close()\n", 1)
	// The accept loop written under its kept TODO(1) comment, with a
	// semaphore of the student's: no finding there.
	const loop = "\t\tlive.add(conn)\n\t\tgo s.serveConn(ctx, conn, live, func() {})\n"
	require.Equal(t, 1, strings.Count(written, loop), "the starter's accept loop changed; update the test")
	written = strings.Replace(written, loop, "\t\tif !slots.try() {\n\t\t\ts.reject(conn)\n\t\t\tcontinue\n\t\t}\n"+
		"\t\tlive.add(conn)\n\t\tgo s.serveConn(ctx, conn, live, slots.release)\n", 1)
	written = strings.Replace(written, "\t_, _ = s.reject, s.sleep", "\tslots := make(sem, s.maxConns())\n\t_ = s.sleep", 1)
	written += "\ntype sem chan struct{}\n\nfunc (s sem) try() bool {\n\tselect {\n\tcase s <- struct{}{}:\n\t\treturn true\n" +
		"\tdefault:\n\t\treturn false\n\t}\n}\n\nfunc (s sem) release() { <-s }\n"
	findings, err := check(root, 5, map[string][]byte{path: []byte(written)}, []string{"./stage05-limits"})
	require.NoError(t, err)
	require.Len(t, findings, 1, "%v", findings)
	assert.Equal(t, "write-blocks-accept", findings[0].Name)
	assert.Equal(t, 1, findings[0].Todo)
}
