package mutants

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
)

// JoinPaths opens filepath.Join(dir, name). Join cleans the path, which
// resolves "..": "../secret.txt" becomes a file beside dir, and an
// absolute name is simply appended.
func JoinPaths(dir string) (Server, error) {
	if err := isDir(dir); err != nil {
		return nil, err
	}
	return rootServer(func(name string) (*os.File, error) {
		return os.Open(filepath.Join(dir, name)) // BUG: the name can climb out of dir
	}), nil
}

// isDir checks at start-up that dir is a directory, as os.OpenRoot does
// in the reference.
func isDir(dir string) error {
	info, err := os.Stat(dir)
	if err == nil && !info.IsDir() {
		err = errors.New(dir + ": not a directory")
	}
	return err
}

// rootServer is a -root server around the given open.
func rootServer(open func(name string) (*os.File, error)) Server {
	return func(ln net.Listener) error {
		return serve(ln, func(conn net.Conn) {
			line, err := readLine(bufio.NewReader(conn), 4096)
			if err != nil {
				return
			}
			f, err := open(string(line))
			if err != nil {
				reply := "error: invalid name\n"
				if errors.Is(err, fs.ErrNotExist) {
					reply = "error: not found\n"
				}
				io.WriteString(conn, reply)
				return
			}
			defer f.Close()
			if info, err := f.Stat(); err == nil && info.IsDir() {
				io.WriteString(conn, "error: not a file\n")
				return
			}
			io.Copy(conn, f)
		})
	}
}
