package starters

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeep: the pristine copy is the stage's own Go files as they are,
// and an old copy's files that the stage no longer has are gone.
func TestKeep(t *testing.T) {
	root := t.TempDir()
	write := func(path, text string) {
		p := filepath.Join(root, filepath.FromSlash(path))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	write("stage08-x/x.go", "package x\n")
	write("stage08-x/x_test.go", "package x_test\n")
	write("stage08-x/README.md", "# x\n")
	write("stage08-x/xtest/suite.go", "package xtest\n")
	write(Dir+"/stage08-x/old.go", "package x\n")

	n, err := Keep(root, "stage08-x")
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	kept, err := Own(filepath.Join(root, filepath.FromSlash(Dir), "stage08-x"))
	require.NoError(t, err)
	own, err := Own(filepath.Join(root, "stage08-x"))
	require.NoError(t, err)
	assert.Equal(t, own, kept)
}
