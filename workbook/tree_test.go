package main

import (
	"archive/tar"
	"bytes"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the workbook's root, seen from this package's folder.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	require.True(t, fileExists(filepath.Join(root, "go.work")), "no go.work in %s", root)
	return root
}

// copyTree copies the workbook into a temporary folder, so a test can
// change it freely. It takes the last commit (git archive HEAD), which
// holds the starters as they are meant to be, untouched by work in
// progress in the working tree. Without git, or with
// WORKBOOK_TEST_WORKTREE=1, it copies the working tree instead.
func copyTree(t testing.TB) string {
	t.Helper()
	root := repoRoot(t)
	dst := t.TempDir()
	if os.Getenv("WORKBOOK_TEST_WORKTREE") == "" {
		if out, err := exec.Command("git", "-C", root, "archive", "--format=tar", "HEAD").Output(); err == nil {
			untar(t, out, dst)
			return dst
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
	require.NoError(t, err)
	return dst
}

func untar(t testing.TB, data []byte, dst string) {
	t.Helper()
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		require.NoError(t, err)
		path := filepath.Join(dst, filepath.FromSlash(h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(path, 0o755)
		case tar.TypeReg:
			if err = os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
				var b []byte
				if b, err = io.ReadAll(tr); err == nil {
					err = os.WriteFile(path, b, 0o644)
				}
			}
		}
		require.NoError(t, err)
	}
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// skippedRefDirs are folders of a reference that are not the student's
// code: its command (the starter has the same one), its mutants, data.
var skippedRefDirs = map[string]bool{"cmd": true, "mutants": true, "testdata": true}

// overlayReference puts a stage's reference in place of its starter, in
// the tree at root: in each folder of solutions/<stage>/ (but cmd/,
// mutants/ and testdata/), the starter's non-test .go files are removed
// and the reference's copied in, with imports of
// tcpworkbook/solutions/<stage> rewritten to tcpworkbook/<stage>. The
// stage's own tests and suite stay. It reports false if the stage has no
// reference.
func overlayReference(t testing.TB, root, stageDir string) bool {
	t.Helper()
	src := filepath.Join(root, "solutions", stageDir)
	if !hasGoFiles(src) {
		return false
	}
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(src, path)
		if path != src && skippedRefDirs[d.Name()] {
			return filepath.SkipDir
		}
		return replaceGoFiles(path, filepath.Join(root, stageDir, rel), stageDir)
	})
	require.NoError(t, err, "overlaying the reference of %s", stageDir)
	return true
}

// replaceGoFiles swaps the non-test .go files of dst for those of src.
func replaceGoFiles(src, dst, stageDir string) error {
	olds, _ := filepath.Glob(filepath.Join(dst, "*.go"))
	for _, f := range olds {
		if !strings.HasSuffix(f, "_test.go") {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	news, _ := filepath.Glob(filepath.Join(src, "*.go"))
	for _, f := range news {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		if err := copyGo(f, filepath.Join(dst, filepath.Base(f)), stageDir); err != nil {
			return err
		}
	}
	return nil
}

// copyGo copies a Go file from the solutions module into a stage module,
// rewriting its imports of the stage's reference packages.
func copyGo(src, dst, stageDir string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	b = bytes.ReplaceAll(b, []byte(`"tcpworkbook/solutions/`+stageDir), []byte(`"tcpworkbook/`+stageDir))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// hasGoFiles reports whether dir holds a non-test .go file.
func hasGoFiles(dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			return true
		}
	}
	return false
}

// hasTests reports whether a stage folder holds any _test.go file.
func hasTests(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, "_test.go") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// TestOverlayReference checks the copying itself on stage 01: the
// starter's code is gone, the reference's is in, the suite stays.
func TestOverlayReference(t *testing.T) {
	root := copyTree(t)
	require.True(t, overlayReference(t, root, "stage01-echo"), "stage01-echo has no reference")
	got, err := os.ReadFile(filepath.Join(root, "stage01-echo", "echo.go"))
	require.NoError(t, err)
	want, _ := os.ReadFile(filepath.Join(root, "solutions", "stage01-echo", "echo.go"))
	assert.Equal(t, string(bytes.ReplaceAll(want, []byte(`"tcpworkbook/solutions/stage01-echo`), []byte(`"tcpworkbook/stage01-echo`))), string(got),
		"stage01-echo/echo.go is not the reference's")
	assert.NotContains(t, string(got), "TODO(1)", "the starter's TODO(1) is still there")
	for _, keep := range []string{"echo_test.go", "echotest/echotest.go", "cmd/echo/main.go"} {
		assert.True(t, fileExists(filepath.Join(root, "stage01-echo", keep)), "stage01-echo/%s is gone", keep)
	}
	assert.False(t, fileExists(filepath.Join(root, "stage01-echo", "mutants")), "the mutants were copied in")
}
