// Package starters keeps a pristine copy of every stage's own Go files, as
// the stage came: the starter, its test file and the files carried from
// earlier stages. The progress command's -reset puts them back from here,
// so that it works in a downloaded copy with no git as well as in a clone
// (where the student may have committed over the starter). stagecheck
// proves each copy identical to the stage's folder, and -sync-starters
// refreshes them after a starter changes.
//
// The copies are in _files, a folder the go command skips, so that they
// are not built as packages of this module.
package starters

import (
	"bytes"
	"embed"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

//go:embed _files
var files embed.FS

// Dir is where the copies are, relative to the workspace root.
const Dir = "kit/starters/_files"

// Of returns the pristine files of the stage in folder dir
// ("stage03-chat"), by name ("chat.go"), or an error if none are kept.
func Of(dir string) (map[string][]byte, error) {
	entries, err := fs.ReadDir(files, path.Join("_files", dir))
	if err != nil {
		return nil, errors.New("no starter is kept for " + dir)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(files, path.Join("_files", dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	return out, nil
}

// Own reads the stage's own Go files in folder dir: every .go file at its
// top, tests included; not its suite's package or its commands, which are
// folders of their own.
func Own(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	return out, nil
}

// Keep makes the pristine copy of the stage in folder dir ("stage03-chat")
// its own Go files as they are now, under the workspace root, and returns
// how many it kept: after a starter changes, or for a new stage.
func Keep(root, dir string) (int, error) {
	own, err := Own(filepath.Join(root, dir))
	if err != nil {
		return 0, err
	}
	kept := filepath.Join(root, filepath.FromSlash(Dir), dir)
	if err := os.RemoveAll(kept); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(kept, 0o755); err != nil {
		return 0, err
	}
	for name, b := range own {
		if err := os.WriteFile(filepath.Join(kept, name), b, 0o644); err != nil {
			return 0, err
		}
	}
	return len(own), nil
}

// Diff names the files that differ between have and want: changed, only
// in have (added), only in want (missing). Each list is sorted.
func Diff(have, want map[string][]byte) (changed, added, missing []string) {
	for name, b := range have {
		w, ok := want[name]
		switch {
		case !ok:
			added = append(added, name)
		case !bytes.Equal(b, w):
			changed = append(changed, name)
		}
	}
	for name := range want {
		if _, ok := have[name]; !ok {
			missing = append(missing, name)
		}
	}
	slices.Sort(changed)
	slices.Sort(added)
	slices.Sort(missing)
	return changed, added, missing
}

// AsItCame reports whether the stage in folder dir under root has exactly
// its starter's Go files; ok is false when that cannot be told (no kept
// starter, or the folder cannot be read).
func AsItCame(root, dir string) (same, ok bool) {
	want, err := Of(dir)
	if err != nil {
		return false, false
	}
	have, err := Own(filepath.Join(root, dir))
	if err != nil {
		return false, false
	}
	changed, added, missing := Diff(have, want)
	return len(changed)+len(added)+len(missing) == 0, true
}
