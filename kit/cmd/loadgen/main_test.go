package main

import (
	"io"
	"path/filepath"
	"slices"
	"testing"
)

func TestParseTokio(t *testing.T) {
	opts, err := parseArgs([]string{"-compare", "-tokio", "rust/echo", "-servers", "tokio"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !opts.compare || opts.cc.tokio != "rust/echo" || !slices.Equal(opts.cc.names, []string{"tokio"}) {
		t.Errorf("parseArgs(-compare -tokio rust/echo -servers tokio) = %+v", opts)
	}
	dir, err := tokioDir("/workbook", opts.cc.tokio)
	if want, _ := filepath.Abs("rust/echo"); err != nil || dir != want {
		t.Errorf("tokioDir(-tokio rust/echo) = %q, %v; want %q, relative to the current directory", dir, err, want)
	}

	opts, err = parseArgs([]string{"-compare"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if dir, _ := tokioDir("/workbook", opts.cc.tokio); dir != filepath.Join("/workbook", "tokio-echo") {
		t.Errorf("without -tokio the project is %q, want tokio-echo at the workspace root", dir)
	}
}

func TestBuiltinNames(t *testing.T) {
	names := builtinNames()
	known := builtins("/workbook", "/workbook/tokio-echo")
	for _, name := range append(slices.Clone(names), extraNames()...) {
		if _, ok := known[name]; !ok {
			t.Errorf("builtinNames or extraNames lists %q, which builtins does not know", name)
		}
	}
	if listed := len(names) + len(extraNames()); len(known) != listed {
		t.Errorf("builtins knows %d servers, builtinNames and extraNames list %d", len(known), listed)
	}
	if i := slices.Index(names, "tokio"); i < 1 || names[i-1] != "stage06-yours" || names[i+1] != "node" {
		t.Errorf("tokio is not between stage06-yours and node: %v", names)
	}
}
