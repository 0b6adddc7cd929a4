package mutants

import (
	"errors"
	"os"
	"path/filepath"
)

// LocalJoin refuses names that filepath.IsLocal rejects ("..", absolute
// paths), then opens filepath.Join(dir, name). The name is checked, but
// not what it leads to: a symbolic link inside dir still leads out.
func LocalJoin(dir string) (Server, error) {
	if err := isDir(dir); err != nil {
		return nil, err
	}
	return rootServer(func(name string) (*os.File, error) {
		if !filepath.IsLocal(name) {
			return nil, errors.New("invalid name")
		}
		return os.Open(filepath.Join(dir, name)) // BUG: follows links out of dir
	}), nil
}
