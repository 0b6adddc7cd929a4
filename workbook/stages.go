package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	kit "tcpworkbook/kit/check"
	"tcpworkbook/workbook/internal/stages"
)

// registry is every stage's manifest, in order (internal/stages). The
// saved-output tests replace it with a fixed list, so that adding a stage
// does not change what they expect.
var registry = stages.All

// knownStages are the workbook's stages, in order, from the registry. A
// stage whose folder is missing, or has no tests yet, is shown as not
// written yet.
func knownStages() []string {
	var dirs []string
	for _, m := range registry {
		dirs = append(dirs, m.Dir)
	}
	return dirs
}

// manifestOf is the registry's manifest for the folder dir, or nil.
func manifestOf(dir string) *kit.Manifest {
	for _, m := range registry {
		if m.Dir == dir {
			return m
		}
	}
	return nil
}

// stage is one folder of the workbook.
type stage struct {
	Num  int    // 1
	Dir  string // "stage01-echo", relative to the root
	Name string // "echo"
	// Manifest is the stage's manifest, or nil for a stageNN-x folder the
	// registry does not list yet.
	Manifest *kit.Manifest
}

// reference is the stage's "worth reading" line, or "".
func (s stage) reference() string {
	if s.Manifest == nil {
		return ""
	}
	return s.Manifest.Reference
}

func (s stage) Label() string { return fmt.Sprintf("%02d %s", s.Num, s.Name) }

var stageDir = regexp.MustCompile(`^stage(\d\d)-(.+)$`)

func parseStage(dir string) (stage, bool) {
	m := stageDir.FindStringSubmatch(dir)
	if m == nil {
		return stage{}, false
	}
	n, _ := strconv.Atoi(m[1])
	return stage{Num: n, Dir: dir, Name: m[2], Manifest: manifestOf(dir)}, true
}

// findStages lists the known stages plus any other stageNN-name folder in
// root, ordered by number.
func findStages(root string) []stage {
	seen := map[string]bool{}
	var out []stage
	add := func(dir string) {
		if st, ok := parseStage(dir); ok && !seen[dir] {
			seen[dir] = true
			out = append(out, st)
		}
	}
	for _, d := range knownStages() {
		add(d)
	}
	if entries, err := os.ReadDir(root); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				add(e.Name())
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Num != out[j].Num {
			return out[i].Num < out[j].Num
		}
		return out[i].Dir < out[j].Dir
	})
	return out
}

// pickStage finds the stage that arg names: a number ("1", "01"), a name
// ("echo") or a folder ("stage01-echo", "./stage01-echo/").
func pickStage(stages []stage, arg string) (stage, error) {
	a := strings.Trim(strings.TrimPrefix(strings.TrimSpace(arg), "./"), "/")
	a = filepath.Base(a)
	if n, err := strconv.Atoi(a); err == nil {
		for _, s := range stages {
			if s.Num == n {
				return s, nil
			}
		}
	}
	for _, s := range stages {
		if strings.EqualFold(a, s.Dir) || strings.EqualFold(a, s.Name) {
			return s, nil
		}
	}
	var names []string
	for _, s := range stages {
		names = append(names, fmt.Sprintf("%d (%s)", s.Num, s.Name))
	}
	return stage{}, fmt.Errorf("no stage %q; the stages are %s", arg, strings.Join(names, ", "))
}
