package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

const (
	// settle is how long the files must be quiet after a save before the
	// checks run: editors often write a file in several steps.
	settle = 150 * time.Millisecond
	// pollEvery is how often -poll looks at the files.
	pollEvery = time.Second
)

// watch runs the checks once, then again each time a .go file of the
// current stage is saved, until ctx ends. Results are kept in memory
// only, for as long as the command runs.
func (a *app) watch(ctx context.Context, poll bool) int {
	results := a.once(ctx)
	var w *watcher
	defer func() {
		if w != nil {
			w.Close()
		}
	}()
	watched := ""
	for ctx.Err() == nil {
		idx, dirs := a.target(results)
		key := strings.Join(dirs, "\x00")
		if w == nil || key != watched {
			if w != nil {
				w.Close()
			}
			var err error
			w, err = newWatcher(dirs, poll)
			if err != nil {
				fmt.Fprintf(a.out, "\nCannot watch for file events (%v); looking for changes every %v instead.\n", err, pollEvery)
				poll = true
				w, _ = newWatcher(dirs, true)
			}
			watched = key
		}
		a.watchFooter(dirs, poll)

		select {
		case <-ctx.Done():
			return 0
		case <-w.changes:
		}
		a.clear()
		if idx < 0 {
			results = a.once(ctx)
			continue
		}
		if !a.rerun(ctx, w, results, idx) {
			return 0
		}
	}
	return 0
}

// rerun runs the stage at idx after a save and shows its verdict as soon
// as it is known: a stage that passed without the race detector shows as
// passing, confirming under -race, and is shown again when that run ends.
// Another save meanwhile cancels the runs of this one, and starts over.
// It reports false once ctx is done.
func (a *app) rerun(ctx context.Context, w *watcher, results []*stageResult, idx int) bool {
	st := a.rp.stages[idx]
	for {
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan *stageResult, 1)
		go func() {
			if a.first == nil {
				done <- a.runner(runCtx, st)
				return
			}
			r := a.first(runCtx, st)
			done <- r
			if r.Race == raceRunning && runCtx.Err() == nil {
				own := *r // r is on screen: the race run changes a copy
				done <- a.confirm(runCtx, st, &own)
			}
		}()
		p := newPrinter(a.out, a.colour)
		if a.tty {
			fmt.Fprintf(a.out, "%s", p.dim.Sprintf("running the checks of %s…", st.Dir))
		}
		interim := false // the verdict without the race detector is on screen
		for waiting := true; waiting; {
			select {
			case <-ctx.Done():
				cancel()
				return false
			case <-w.changes:
				cancel() // a newer save: its runs replace these
				a.clear()
				waiting = false
				continue
			case r := <-done:
				if a.tty {
					fmt.Fprint(a.out, "\r\033[K")
				}
				if r.Race != raceRunning {
					// The last word on this save. Newer saves wait for the
					// caller's loop.
					cancel()
					results[idx] = r
					if interim {
						a.clear()
					}
					a.show(results)
					return true
				}
				results[idx] = r
				a.show(results)
				interim = true
			}
		}
	}
}

// target picks what to watch: the current stage (its index and folder),
// or, when every stage passes, all of them (index -1).
func (a *app) target(results []*stageResult) (int, []string) {
	if i := focus(results); i >= 0 {
		return i, []string{filepath.Join(a.rp.root, a.rp.stages[i].Dir)}
	}
	if len(a.rp.stages) == 1 {
		return 0, []string{filepath.Join(a.rp.root, a.rp.stages[0].Dir)}
	}
	var dirs []string
	for _, s := range a.rp.stages {
		if d := filepath.Join(a.rp.root, s.Dir); dirExists(d) {
			dirs = append(dirs, d)
		}
	}
	return -1, dirs
}

func (a *app) watchFooter(dirs []string, poll bool) {
	p := newPrinter(a.out, a.colour)
	var names []string
	for _, d := range dirs {
		rel, err := filepath.Rel(a.rp.root, d)
		if err != nil {
			rel = d
		}
		names = append(names, filepath.ToSlash(rel)+"/")
	}
	what := strings.Join(names, " ")
	if len(names) > 2 {
		what = "every stage"
	}
	how := "saved"
	if poll {
		how = "changed (checked every second)"
	}
	fmt.Fprintf(a.out, "\n%s\n", p.dim.Sprintf("Watching %s: the checks run again when a .go file there is %s. Ctrl+C to stop.", what, how))
}

// clear empties a terminal screen between runs, or separates runs with a
// rule when the output is not a terminal.
func (a *app) clear() {
	if a.tty {
		fmt.Fprint(a.out, "\033[H\033[2J\033[3J")
		return
	}
	fmt.Fprintf(a.out, "\n%s\n\n", strings.Repeat("─", 60))
}

// watcher reports, on changes, each time .go files under some folders
// have changed and then been quiet for a moment.
type watcher struct {
	changes chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

func (w *watcher) Close() {
	close(w.stop)
	<-w.done
}

func newWatcher(dirs []string, poll bool) (*watcher, error) {
	w := &watcher{changes: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	if poll {
		go w.poll(dirs)
		return w, nil
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if err := addTree(fsw, d); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.events(fsw)
	return w, nil
}

// signal notes a change without blocking: one pending change is enough.
func (w *watcher) signal() {
	select {
	case w.changes <- struct{}{}:
	default:
	}
}

func (w *watcher) events(fsw *fsnotify.Watcher) {
	defer close(w.done)
	defer fsw.Close()
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-fsw.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				// fsnotify does not watch new folders by itself.
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					_ = addTree(fsw, ev.Name)
				}
			}
			if filepath.Ext(ev.Name) == ".go" && !ev.Has(fsnotify.Chmod) {
				quiet.Reset(settle)
			}
		case <-fsw.Errors:
			// An overflow or a vanished folder: run again to be safe.
			quiet.Reset(settle)
		case <-quiet.C:
			w.signal()
		}
	}
}

// addTree watches dir and every folder below it but hidden ones.
func addTree(fsw *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder that vanished or cannot be read
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return fsw.Add(path)
	})
}

func (w *watcher) poll(dirs []string) {
	defer close(w.done)
	last := snapshot(dirs)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-tick.C:
			if now := snapshot(dirs); now != last {
				last = now
				w.signal()
			}
		}
	}
}

// snapshot sums up the names, sizes and times of the .go files under dirs.
func snapshot(dirs []string) string {
	var b strings.Builder
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if path != dir && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if filepath.Ext(path) != ".go" {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", path, fi.Size(), fi.ModTime().UnixNano())
			}
			return nil
		})
	}
	return b.String()
}
