package mutants

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
)

// BlockingOpen is the -root server as it was before FIFOs were thought
// of: it opens each name with root.Open and only then asks what it is.
// Opening a FIFO for reading waits for a writer, so a client that names
// one holds a handler, and an OS thread, for ever; enough of them crash
// the process (Go's limit is 10,000 threads).
func BlockingOpen(dir string) (Server, error) {
	return checkedRoot(dir, func(root *os.Root, name string) (*os.File, error) {
		return root.Open(name) // BUG: blocks on a FIFO until a writer comes
	}, notRegular)
}

// DirCheckOnly opens without waiting, but refuses only directories: a
// FIFO opens, reads as empty, and the client gets nothing and no reason.
func DirCheckOnly(dir string) (Server, error) {
	return checkedRoot(dir, func(root *os.Root, name string) (*os.File, error) {
		return root.OpenFile(name, readNoBlock, 0)
	}, func(info fs.FileInfo) bool {
		return info.IsDir() // BUG: a FIFO or a device is not a directory, nor a file
	})
}

// notRegular is the right test: anything but a regular file is refused.
func notRegular(info fs.FileInfo) bool { return !info.Mode().IsRegular() }

// checkedRoot is a -root server around the given open and the test for
// what to refuse once the file is open.
func checkedRoot(dir string, open func(*os.Root, string) (*os.File, error), refuse func(fs.FileInfo) bool) (Server, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return func(ln net.Listener) error {
		defer root.Close()
		return serve(ln, func(conn net.Conn) {
			line, err := readLine(bufio.NewReader(conn), 4096)
			if err != nil {
				return
			}
			f, err := open(root, string(line))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				io.WriteString(conn, "error: not found\n")
				return
			case err != nil:
				io.WriteString(conn, "error: invalid name\n")
				return
			}
			defer f.Close()
			if info, err := f.Stat(); err != nil || refuse(info) {
				io.WriteString(conn, "error: not a file\n")
				return
			}
			io.Copy(conn, f)
		})
	}, nil
}
