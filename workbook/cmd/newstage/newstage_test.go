package main

import (
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTemplates renders every template: each Go file is formatted as
// gofmt would, and nothing is left unfilled.
func TestTemplates(t *testing.T) {
	root := t.TempDir()
	n := newNames(7, "tls")
	for _, f := range files(n) {
		require.NoError(t, write(root, f, n), "%s", f.tmpl)
		b, err := os.ReadFile(filepath.Join(root, f.path))
		require.NoError(t, err)
		assert.NotContains(t, string(b), "<no value>", "%s: a name the template uses is not filled in", f.path)
		if strings.HasSuffix(f.path, ".go") {
			src, err := format.Source(b)
			if assert.NoError(t, err, "%s does not parse", f.path) {
				assert.Equal(t, string(src), string(b), "%s is not gofmt'd", f.path)
			}
		}
	}
	assert.Equal(t, "stage07-tls", n.Dir, "names: %+v", n)
	assert.Equal(t, "tlstest", n.Suite, "names: %+v", n)
	assert.Equal(t, "TestTls", n.Test, "names: %+v", n)
}

func TestAddToRegistry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stages.go")
	src := "import (\n\t\"a\"\n" + importMark + ")\n\nvar All = []*check.Manifest{\n\t&a.Manifest,\n" + entryMark + "}\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	require.NoError(t, addToRegistry(path, newNames(7, "tls")))
	b, _ := os.ReadFile(path)
	for _, want := range []string{"\t\"tcpworkbook/stage07-tls/tlstest\"\n" + importMark, "\t&tlstest.Manifest,\n" + entryMark} {
		assert.Contains(t, string(b), want, "the registry lacks %q:\n%s", want, b)
	}
}

func TestAddToQuickstart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	src := "# W\n\n" + quickstartHeader + "| 01 | [stage01-echo/echo.go](stage01-echo/echo.go) |\n\nThe rest.\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	require.NoError(t, addToQuickstart(path, newNames(7, "tls")))
	b, _ := os.ReadFile(path)
	assert.Contains(t, string(b), "(stage01-echo/echo.go) |\n| 07 | [stage07-tls/tls.go](stage07-tls/tls.go) |\n\nThe rest.",
		"the row goes at the end of the table")
	require.NoError(t, os.WriteFile(path, []byte("# W\nno table\n"), 0o644))
	assert.ErrorContains(t, addToQuickstart(path, newNames(7, "tls")), "by hand")
}
