package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tcpworkbook/kit/starters"
)

// backupDir is where -reset saves a stage's files before it puts the
// starter back, relative to the root; .gitignore keeps it out of git.
const backupDir = ".workbook/backup"

// resetter puts a stage's own Go files back as they came.
type resetter struct {
	root string
	in   io.Reader // the answer to "reset?", unless yes
	out  io.Writer
	yes  bool      // -yes: do not ask
	now  time.Time // names the backup folder
}

// reset restores stage st and returns the command's exit status: 0 when
// the stage is its starter again (or already was), 1 when the student
// said no, 2 on an error, with nothing changed.
func (r resetter) reset(st stage) int {
	dir := filepath.Join(r.root, st.Dir)
	want, err := starters.Of(st.Dir)
	if err != nil {
		fmt.Fprintf(r.out, "workbook: %v\n", err)
		return 2
	}
	have, err := starters.Own(dir)
	if err != nil {
		fmt.Fprintf(r.out, "workbook: %v\n", err)
		return 2
	}
	changed, added, missing := starters.Diff(have, want)
	if len(changed)+len(added)+len(missing) == 0 {
		fmt.Fprintf(r.out, "Stage %02d (%s/) is as it came: nothing to reset.\n", st.Num, st.Dir)
		return 0
	}
	fmt.Fprintf(r.out, "Reset stage %02d (%s/) to its starter:\n", st.Num, st.Dir)
	r.list("back to the starter", changed)
	r.list("yours, removed", added)
	r.list("missing, put back", missing)
	save := freeName(r.root, filepath.Join(backupDir, st.Dir, r.now.Format("2006-01-02T15-04-05")))
	fmt.Fprintf(r.out, "Your files are saved first, in %s/.\n", filepath.ToSlash(save))
	if !r.yes && !r.confirm() {
		fmt.Fprintln(r.out, "Nothing changed.")
		return 1
	}
	if err := backUp(filepath.Join(r.root, save), have); err != nil {
		fmt.Fprintf(r.out, "workbook: could not save your files, so nothing changed: %v\n", err)
		return 2
	}
	if err := restore(dir, want, added); err != nil {
		fmt.Fprintf(r.out, "workbook: %v\nYour files are safe in %s/.\n", err, filepath.ToSlash(save))
		return 2
	}
	fmt.Fprintf(r.out, "Stage %02d is its starter again. To get your files back:\n    cp %s/*.go %s/\n",
		st.Num, filepath.ToSlash(save), st.Dir)
	return 0
}

// freeName is name, or name-2, name-3…: the first not taken under root,
// so that two resets in one second keep both backups.
func freeName(root, name string) string {
	try := name
	for i := 2; ; i++ {
		if _, err := os.Stat(filepath.Join(root, try)); errors.Is(err, fs.ErrNotExist) {
			return try
		}
		try = fmt.Sprintf("%s-%d", name, i)
	}
}

func (r resetter) list(what string, names []string) {
	if len(names) > 0 {
		fmt.Fprintf(r.out, "  %-20s %s\n", what+":", strings.Join(names, ", "))
	}
}

// confirm asks, and reports whether the answer was yes. No answer (a
// closed or empty input) is no.
func (r resetter) confirm() bool {
	fmt.Fprint(r.out, "Go on? [y/N] ")
	line, _ := bufio.NewReader(r.in).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	if line == "" {
		fmt.Fprintln(r.out)
	}
	return answer == "y" || answer == "yes"
}

// backUp writes files into dir, a new folder, and reads each back: the
// starter overwrites nothing until every byte of the student's work is
// known to be on disk.
func backUp(dir string, files map[string][]byte) error {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s exists already", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
		back, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(back, b) {
			return fmt.Errorf("%s reads back different from what was written", p)
		}
	}
	return nil
}

// restore writes the starter's files into dir and removes the student's
// own files that the starter does not have. Each file is written to a
// temporary name first and renamed, so that none is ever half written.
func restore(dir string, want map[string][]byte, added []string) error {
	for name, b := range want {
		tmp, err := os.CreateTemp(dir, "."+name+".reset-*")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(b)
		cerr := tmp.Close()
		if werr != nil || cerr != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("writing %s: %v", name, errorsOr(werr, cerr))
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	for _, name := range added {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func errorsOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
