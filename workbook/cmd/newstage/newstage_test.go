package main

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTemplates renders every template: each Go file is formatted as
// gofmt would, and nothing is left unfilled.
func TestTemplates(t *testing.T) {
	root := t.TempDir()
	n := newNames(7, "tls")
	for _, f := range files(n) {
		if err := write(root, f, n); err != nil {
			t.Fatalf("%s: %v", f.tmpl, err)
		}
		b, err := os.ReadFile(filepath.Join(root, f.path))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("<no value>")) {
			t.Errorf("%s: a name the template uses is not filled in", f.path)
		}
		if strings.HasSuffix(f.path, ".go") {
			src, err := format.Source(b)
			if err != nil {
				t.Errorf("%s does not parse: %v", f.path, err)
			} else if !bytes.Equal(src, b) {
				t.Errorf("%s is not gofmt'd", f.path)
			}
		}
	}
	if n.Dir != "stage07-tls" || n.Suite != "tlstest" || n.Test != "TestTls" {
		t.Errorf("names: %+v", n)
	}
}

func TestAddToRegistry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stages.go")
	src := "import (\n\t\"a\"\n" + importMark + ")\n\nvar All = []*check.Manifest{\n\t&a.Manifest,\n" + entryMark + "}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := addToRegistry(path, newNames(7, "tls")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{"\t\"tcpworkbook/stage07-tls/tlstest\"\n" + importMark, "\t&tlstest.Manifest,\n" + entryMark} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the registry lacks %q:\n%s", want, b)
		}
	}
}
