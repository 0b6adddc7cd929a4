package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// tokioSpec is the built-in tokio server with its Cargo project in dir.
func tokioSpec(dir string) serverSpec {
	spec := builtins("/workbook", dir)["tokio"]
	spec.name = "tokio"
	return spec
}

// noCargo hides any installed cargo from the test: PATH is an empty
// directory and HOME has no .cargo.
func noCargo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

// writeFile writes a file under dir, making its directories.
func writeFile(t *testing.T, dir, name, text string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTokioWithoutCargoToml(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tokio-echo") // not even there
	spec := tokioSpec(dir)
	err := prepare(context.Background(), &spec, "/workbook", t.TempDir())
	if err == nil {
		t.Fatal("prepare found a Cargo project where there is none")
	}
	msg := err.Error()
	for _, want := range []string{dir, "Cargo.toml", "stage06-perf/README.md", `"The lecture's Tokio server"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("the skip message lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("the skip message is more than one line: %s", msg)
	}
}

func TestTokioPrebuiltWithoutCargo(t *testing.T) {
	noCargo(t)
	dir := t.TempDir()
	writeFile(t, dir, "Cargo.toml", "[package]\nname = \"tokio-echo\"\n", 0o644)
	bin := writeFile(t, dir, "target/release/tokio-echo", "", 0o755)
	spec := tokioSpec(dir)
	if err := prepare(context.Background(), &spec, "/workbook", t.TempDir()); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if len(spec.argv) != 1 || spec.argv[0] != bin {
		t.Errorf("the command is %q, want the prebuilt %s", spec.argv, bin)
	}
	for _, want := range []string{"the lecture's Tokio echo (1 KiB buffer per connection), built from " + dir, "cargo is not installed"} {
		if !strings.Contains(spec.note, want) {
			t.Errorf("the footnote %q lacks %q", spec.note, want)
		}
	}
}

func TestTokioNeitherCargoNorBinary(t *testing.T) {
	noCargo(t)
	dir := t.TempDir()
	writeFile(t, dir, "Cargo.toml", "[package]\nname = \"tokio-echo\"\n", 0o644)
	spec := tokioSpec(dir)
	err := prepare(context.Background(), &spec, "/workbook", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "cargo is not installed") || !strings.Contains(err.Error(), "has not been built") {
		t.Errorf("prepare without cargo or a binary: %v, want it to say both are missing", err)
	}
}

// fakeCargo installs a shell script as cargo in ~/.cargo/bin, where rustup
// puts it, with PATH left without one.
func fakeCargo(t *testing.T, script string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake cargo is a shell script")
	}
	noCargo(t)
	writeFile(t, os.Getenv("HOME"), ".cargo/bin/cargo", "#!/bin/sh\n"+script, 0o755)
}

func TestTokioBuildFails(t *testing.T) {
	fakeCargo(t, `echo "$(pwd -P) $*" > "$HOME/args"; echo "error: could not compile tokio-echo" >&2; exit 101`)
	dir := t.TempDir()
	writeFile(t, dir, "Cargo.toml", "[package]\nname = \"tokio-echo\"\n", 0o644)
	writeFile(t, dir, "target/release/tokio-echo", "", 0o755) // stale: a failed build still skips
	spec := tokioSpec(dir)
	err := prepare(context.Background(), &spec, "/workbook", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "could not compile tokio-echo") {
		t.Fatalf("prepare with a failing build: %v, want cargo's output", err)
	}
	args, _ := os.ReadFile(filepath.Join(os.Getenv("HOME"), "args"))
	real, _ := filepath.EvalSymlinks(dir)
	// cargo runs in the project, to read its .cargo/config.toml.
	want := real + " build --release --quiet --manifest-path " + filepath.Join(dir, "Cargo.toml") +
		" --target-dir " + filepath.Join(dir, "target")
	if strings.TrimSpace(string(args)) != want {
		t.Errorf("cargo ran as %q, want %q", args, want)
	}
}

func TestTokioBuilt(t *testing.T) {
	// PATH has nothing on it, so the script makes the binary with the
	// shell alone, in a directory made for it.
	fakeCargo(t, ": > target/release/tokio-echo")
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "target", "release"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "Cargo.toml", "[package]\nname = \"tokio-echo\"\n", 0o644)
	writeFile(t, dir, "Cargo.lock", "[[package]]\nname = \"tokio\"\nversion = \"1.24.2\"\n", 0o644)
	spec := tokioSpec(dir)
	if err := prepare(context.Background(), &spec, "/workbook", t.TempDir()); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if !strings.HasSuffix(spec.note, "built from "+dir+" (tokio 1.24.2)") {
		t.Errorf("the footnote is %q, want it to end with the Tokio version", spec.note)
	}
}
