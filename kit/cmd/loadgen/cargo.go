package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// prepareCargo builds a Rust server's Cargo project, when cargo is
// installed, and checks that its binary, spec.argv[0], is there. Without
// cargo, a binary built earlier is used as it is.
func prepareCargo(ctx context.Context, spec *serverSpec) error {
	dir, bin := spec.cargo, spec.argv[0]
	if _, err := os.Stat(filepath.Join(dir, "Cargo.toml")); errors.Is(err, fs.ErrNotExist) {
		// The lecture's Tokio echo is the only Cargo server, and the
		// workbook does not ship it: say where to find how to make it.
		return fmt.Errorf("no Cargo.toml in %s; stage06-perf/README.md, section %q, says how to make it",
			dir, "The lecture's Tokio server")
	} else if err != nil {
		return err
	}
	cargo := findCargo()
	if cargo != "" {
		if err := cargoBuild(ctx, cargo, dir); err != nil {
			return err
		}
	}
	if _, err := os.Stat(bin); err != nil {
		if cargo == "" {
			return fmt.Errorf("cargo is not installed (neither on PATH nor in ~/.cargo/bin), and %s has not been built", bin)
		}
		return fmt.Errorf("cargo built %s, but there is no %s: is its package named %s?", dir, bin, filepath.Base(bin))
	}
	if cargo == "" {
		spec.note += " (not rebuilt: cargo is not installed)"
	} else {
		spec.note += rustVersions(ctx, cargo, dir)
	}
	return nil
}

// findCargo returns the path of cargo, or "" if it is not installed. It
// looks on PATH, then in ~/.cargo/bin, where rustup installs it, since a
// shell started before rustup's profile lines ran lacks that on its PATH.
func findCargo() string {
	if path, err := exec.LookPath("cargo"); err == nil {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	path, err := exec.LookPath(filepath.Join(home, ".cargo", "bin", "cargo"))
	if err != nil {
		return ""
	}
	return path
}

// cargoBuild builds the release binary of the Cargo project in dir; when it
// is up to date, cargo does nothing. A failure returns cargo's output.
func cargoBuild(ctx context.Context, cargo, dir string) error {
	// --target-dir, so that a CARGO_TARGET_DIR in the environment does not
	// put the binary somewhere compare mode would not look.
	cmd := exec.CommandContext(ctx, cargo, "build", "--release", "--quiet",
		"--manifest-path", filepath.Join(dir, "Cargo.toml"), "--target-dir", filepath.Join(dir, "target"))
	// cargo reads .cargo/config.toml (the offline route through Debian's
	// packaged crates) from the directory it runs in and those above, not
	// from the manifest's, so it runs in dir.
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	msg := strings.TrimSpace(string(out))
	if msg == "" {
		msg = err.Error()
	}
	return fmt.Errorf("cargo build --release in %s failed:\n  %s", dir, strings.ReplaceAll(msg, "\n", "\n  "))
}

// rustVersions describes what built the server, for its footnote: the
// versions of rustc and of the Tokio crate, as far as they are known, for
// example " (rustc 1.95.0, tokio 1.24.2)".
func rustVersions(ctx context.Context, cargo, dir string) string {
	var v []string
	// rustup's rustc, or Debian's, is next to its cargo.
	// In dir, as the build ran: a rust-toolchain.toml there picks the
	// compiler.
	rustc := exec.CommandContext(ctx, filepath.Join(filepath.Dir(cargo), "rustc"), "--version")
	rustc.Dir = dir
	if out, err := rustc.Output(); err == nil {
		if f := strings.Fields(string(out)); len(f) >= 2 {
			v = append(v, f[0]+" "+f[1]) // without the commit and date
		}
	}
	if tokio := lockedVersion(filepath.Join(dir, "Cargo.lock"), "tokio"); tokio != "" {
		v = append(v, "tokio "+tokio)
	}
	if len(v) == 0 {
		return ""
	}
	return " (" + strings.Join(v, ", ") + ")"
}

// lockedVersion is the version of crate that the Cargo.lock at path
// records, or "". A package there is a name line followed by its version:
//
//	name = "tokio"
//	version = "1.24.2"
func lockedVersion(path, crate string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	name := fmt.Sprintf("name = %q", crate)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != name || !sc.Scan() {
			continue
		}
		if v, ok := strings.CutPrefix(sc.Text(), "version = "); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}
