package mutants

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
)

// maxName is the longest file name a -root server reads, as in the
// reference.
const maxName = 4096

// NeverCloseFile opens the file for each client and sends it, but never
// closes it: every request keeps a file descriptor until the garbage
// collector happens to find the *os.File, and a busy server runs out.
func NeverCloseFile(path string) (Server, error) {
	return checkedFile(path, func(conn net.Conn) {
		f, err := os.OpenFile(path, readNoBlock, 0)
		if err != nil {
			return
		}
		io.Copy(conn, f) // BUG: no f.Close()
	})
}

// ReadWholeFile reads the file into memory for each client, then writes
// it: every download costs the file's size, so a few clients and a large
// file exhaust the server's memory.
func ReadWholeFile(path string) (Server, error) {
	return checkedFile(path, func(conn net.Conn) {
		data, err := os.ReadFile(path) // BUG: the whole file, per client
		if err != nil {
			return
		}
		conn.Write(data)
	})
}

// checkedFile is a -file server that checks path at start-up, as the
// reference does, and serves each client with handle.
func checkedFile(path string, handle func(net.Conn)) (Server, error) {
	f, err := os.OpenFile(path, readNoBlock, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	f.Close()
	if err != nil || !info.Mode().IsRegular() {
		return nil, errors.New(path + ": not a file")
	}
	return func(ln net.Listener) error { return serve(ln, handle) }, nil
}

// DirLeftOpen refuses a directory or a FIFO correctly, but closes the
// file it opened only on the way that sends it: each refusal keeps a
// descriptor for ever.
func DirLeftOpen(dir string) (Server, error) {
	return rootParts{open: openNoBlock, refuse: notRegular, notFound: notFound, keepRefused: true}.server(dir)
}

// TrailingSlashInvalid sorts open's errors as the reference once did:
// only "does not exist" and "permission" are not found, so "a.txt/",
// which uses a file as a directory and stays inside the root, is called
// an invalid name, a word the README keeps for names that leave it.
func TrailingSlashInvalid(dir string) (Server, error) {
	return rootParts{open: openNoBlock, refuse: notRegular, notFound: func(err error) bool {
		return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) // BUG: ENOTDIR is not an escape
	}}.server(dir)
}

// openNoBlock is the right open: through the root, never waiting.
func openNoBlock(root *os.Root, name string) (*os.File, error) {
	return root.OpenFile(name, readNoBlock, 0)
}
