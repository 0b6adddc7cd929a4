package main

import (
	"fmt"
	"path/filepath"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/starters"
)

// checkStarters: the pristine copy that -reset restores from is the
// stage's folder as it is, file for file.
func checkStarters(root string, m *check.Manifest) []string {
	own, err := starters.Own(filepath.Join(root, m.Dir))
	if err != nil {
		return []string{err.Error()}
	}
	kept, err := starters.Of(m.Dir)
	if err != nil {
		return []string{fmt.Sprintf("%v: run go run ./workbook/cmd/stagecheck -sync-starters", err)}
	}
	var ps []string
	changed, added, missing := starters.Diff(own, kept)
	for _, name := range changed {
		ps = append(ps, fmt.Sprintf("%s/%s/%s differs from %s/%s, so -reset would restore an old starter: "+
			"run go run ./workbook/cmd/stagecheck -sync-starters", starters.Dir, m.Dir, name, m.Dir, name))
	}
	for _, name := range added {
		ps = append(ps, fmt.Sprintf("%s/%s has no copy in %s/%s/: run go run ./workbook/cmd/stagecheck -sync-starters",
			m.Dir, name, starters.Dir, m.Dir))
	}
	for _, name := range missing {
		ps = append(ps, fmt.Sprintf("%s/%s/%s is not in %s/ any more: run go run ./workbook/cmd/stagecheck -sync-starters",
			starters.Dir, m.Dir, name, m.Dir))
	}
	return ps
}

// syncStarters makes the pristine copies those of the stages' folders as
// they are now, and says what it changed.
func syncStarters(root string, all []*check.Manifest) error {
	for _, m := range all {
		n, err := starters.Keep(root, m.Dir)
		if err != nil {
			return err
		}
		fmt.Printf("synced %s (%d files)\n", m.Dir, n)
	}
	return nil
}
