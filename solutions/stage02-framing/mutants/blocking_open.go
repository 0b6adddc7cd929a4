package mutants

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"syscall"
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
// what to refuse once the file is open; the rest is the reference's.
func checkedRoot(dir string, open func(*os.Root, string) (*os.File, error), refuse func(fs.FileInfo) bool) (Server, error) {
	return rootParts{open: open, refuse: refuse, notFound: notFound}.server(dir)
}

// notFound is the right sorting of open's errors: a missing name, an
// unreadable one, or a file used as a directory ("a.txt/") is not found.
func notFound(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.ENOTDIR)
}

// rootParts are the pieces of a -root server a mutant can get wrong.
type rootParts struct {
	open     func(*os.Root, string) (*os.File, error)
	refuse   func(fs.FileInfo) bool // what to refuse once the file is open
	notFound func(error) bool       // which open errors mean "not found"
	// keepRefused leaves a refused file open: the mistake of a server
	// that closes the file only on the way that sends it.
	keepRefused bool
}

func (p rootParts) server(dir string) (Server, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return func(ln net.Listener) error {
		defer root.Close()
		return serve(ln, func(conn net.Conn) { p.handle(root, conn) })
	}, nil
}

func (p rootParts) handle(root *os.Root, conn net.Conn) {
	line, err := readLine(bufio.NewReader(conn), maxName)
	if errors.Is(err, errTooLong) {
		io.WriteString(conn, "error: line too long\n")
	}
	if err != nil {
		return
	}
	f, err := p.open(root, string(line))
	switch {
	case err != nil && p.notFound(err):
		io.WriteString(conn, "error: not found\n")
		return
	case err != nil:
		io.WriteString(conn, "error: invalid name\n")
		return
	}
	if info, err := f.Stat(); err != nil || p.refuse(info) {
		if !p.keepRefused {
			f.Close()
		}
		io.WriteString(conn, "error: not a file\n")
		return
	}
	defer f.Close()
	io.Copy(conn, f)
}
