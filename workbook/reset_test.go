package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpworkbook/kit/starters"
)

var resetStage = stage{Num: 1, Dir: "stage01-echo", Name: "echo"}

// resetTree is a root holding stage 01 as it came, and nothing else: a
// downloaded copy, with no git.
func resetTree(t *testing.T) (root string, pristine map[string][]byte) {
	t.Helper()
	root = t.TempDir()
	pristine, err := starters.Of(resetStage.Dir)
	require.NoError(t, err)
	dir := filepath.Join(root, resetStage.Dir)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "echotest"), 0o755))
	for name, b := range pristine {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	// The suite's package is not the student's: -reset leaves it alone.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "echotest", "echotest.go"), []byte("package echotest\n"), 0o644))
	return root, pristine
}

// work changes the stage as a student does: the starter edited, a file
// of their own added.
func work(t *testing.T, root string) (echo, helper []byte) {
	t.Helper()
	dir := filepath.Join(root, resetStage.Dir)
	echo, err := os.ReadFile(filepath.Join(dir, "echo.go"))
	require.NoError(t, err)
	echo = append(echo, []byte("\n// my work, an hour of it\n")...)
	helper = []byte("package echo\n\nfunc mine() {}\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "echo.go"), echo, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "helper.go"), helper, 0o644))
	return echo, helper
}

func runReset(t *testing.T, root, answer string, yes bool) (string, int) {
	t.Helper()
	var out strings.Builder
	r := resetter{root: root, in: strings.NewReader(answer), out: &out, yes: yes,
		now: time.Date(2026, 12, 7, 23, 45, 0, 0, time.UTC)}
	code := r.reset(resetStage)
	return out.String(), code
}

// requireStarter: the stage's own files are exactly the starter's.
func requireStarter(t *testing.T, root string, pristine map[string][]byte) {
	t.Helper()
	own, err := starters.Own(filepath.Join(root, resetStage.Dir))
	require.NoError(t, err)
	require.Equal(t, pristine, own)
}

// TestResetUnchanged: a stage as it came is left alone, and says so.
func TestResetUnchanged(t *testing.T) {
	root, _ := resetTree(t)
	out, code := runReset(t, root, "", false)
	require.Equal(t, 0, code)
	require.Equal(t, "Stage 01 (stage01-echo/) is as it came: nothing to reset.\n", out)
	require.NoDirExists(t, filepath.Join(root, backupDir))
}

// TestResetNoGit: in a copy with no git, -reset -yes saves the student's
// files, byte for byte, their own file included, and puts the starter
// back; the suite's package is untouched.
func TestResetNoGit(t *testing.T) {
	root, pristine := resetTree(t)
	echo, helper := work(t, root)

	out, code := runReset(t, root, "", true)
	t.Log(out)
	require.Equal(t, 0, code)
	requireStarter(t, root, pristine)
	save := filepath.Join(root, backupDir, resetStage.Dir, "2026-12-07T23-45-00")
	saved, err := starters.Own(save)
	require.NoError(t, err)
	assert.Equal(t, echo, saved["echo.go"], "the student's echo.go, saved as it was")
	assert.Equal(t, helper, saved["helper.go"], "the student's own file, saved")
	assert.Equal(t, pristine["echo_test.go"], saved["echo_test.go"])
	assert.FileExists(t, filepath.Join(root, resetStage.Dir, "echotest", "echotest.go"))
	assert.Contains(t, out, "back to the starter: echo.go")
	assert.Contains(t, out, "yours, removed:      helper.go")
	assert.Contains(t, out, "cp .workbook/backup/stage01-echo/2026-12-07T23-45-00/*.go stage01-echo/")

	// A second reset in the same second keeps the first backup.
	work(t, root)
	_, code = runReset(t, root, "", true)
	require.Equal(t, 0, code)
	require.DirExists(t, save+"-2")
	again, err := starters.Own(save)
	require.NoError(t, err)
	require.Equal(t, saved, again, "the first backup is untouched")

	// The line it printed gets the work back.
	cmd := exec.Command("sh", "-c", "cp .workbook/backup/stage01-echo/2026-12-07T23-45-00/*.go stage01-echo/")
	cmd.Dir = root
	require.NoError(t, cmd.Run())
	back, err := os.ReadFile(filepath.Join(root, resetStage.Dir, "echo.go"))
	require.NoError(t, err)
	require.Equal(t, echo, back)
}

// TestResetAsks: without -yes it asks; no, or no answer, changes nothing
// and saves nothing.
func TestResetAsks(t *testing.T) {
	for _, answer := range []string{"n\n", "", "maybe\n"} {
		root, _ := resetTree(t)
		echo, _ := work(t, root)
		out, code := runReset(t, root, answer, false)
		require.Equal(t, 1, code, "answer %q", answer)
		require.Contains(t, out, "Go on? [y/N]")
		require.Contains(t, out, "Nothing changed.")
		got, err := os.ReadFile(filepath.Join(root, resetStage.Dir, "echo.go"))
		require.NoError(t, err)
		require.Equal(t, echo, got)
		require.NoDirExists(t, filepath.Join(root, backupDir))
	}
	root, pristine := resetTree(t)
	work(t, root)
	_, code := runReset(t, root, "y\n", false)
	require.Equal(t, 0, code)
	requireStarter(t, root, pristine)
}

// TestResetInClone: in a git clone where the student has committed their
// work, -reset restores the starter all the same (not the commit), and
// git sees the backup as ignored.
func TestResetInClone(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git here")
	}
	root, pristine := resetTree(t)
	gitignore, err := os.ReadFile(filepath.Join(workspaceRoot(t), ".gitignore"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(root, ".gitignore"), gitignore, 0o644))
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=s", "-c", "user.email=s@x", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
		return string(out)
	}
	git("init", "-q")
	work(t, root)
	git("add", "-A")
	git("commit", "-qm", "my work")

	_, code := runReset(t, root, "", true)
	require.Equal(t, 0, code)
	requireStarter(t, root, pristine)
	status := git("status", "--porcelain")
	require.Contains(t, status, " M stage01-echo/echo.go")
	require.Contains(t, status, " D stage01-echo/helper.go")
	require.NotContains(t, status, ".workbook", "the backup is ignored by git")
}

// workspaceRoot is the real workspace, for its .gitignore.
func workspaceRoot(t *testing.T) string {
	t.Helper()
	dir, err := findRoot("")
	require.NoError(t, err)
	return dir
}
