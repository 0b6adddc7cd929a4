package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpworkbook/kit/starters"
)

// TestUntouchedLeftOut: of the stages still as they came, the first runs
// and the later ones are left out; a stage with work in it always runs.
func TestUntouchedLeftOut(t *testing.T) {
	root := t.TempDir()
	sts := []stage{{Num: 1, Dir: "stage01-echo"}, {Num: 2, Dir: "stage02-framing"}, {Num: 3, Dir: "stage03-chat"}}
	for _, st := range sts {
		files, err := starters.Of(st.Dir)
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join(root, st.Dir), 0o755))
		for name, b := range files {
			require.NoError(t, os.WriteFile(filepath.Join(root, st.Dir, name), b, 0o644))
		}
	}
	a := &app{rp: report{root: root, stages: sts}, skipUntouched: true}
	assert.Equal(t, []bool{false, true, true}, a.untouched(), "a fresh copy: stage 01 runs")

	require.NoError(t, os.WriteFile(filepath.Join(root, "stage01-echo", "mine.go"), []byte("package echo\n"), 0o644))
	assert.Equal(t, []bool{false, false, true}, a.untouched(), "stage 01 worked on: it and stage 02 run")

	a.skipUntouched = false
	assert.Equal(t, []bool{false, false, false}, a.untouched(), "-json, -all and -stage run everything")
}
