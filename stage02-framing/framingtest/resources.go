package framingtest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"time"

	"tcpworkbook/kit/check"
)

// The lecture's "unbounded resource usage", for the file servers: every
// request must give back the file it opened, and sending a file must not
// cost memory in proportion to its size.

// requests is how many times the descriptor check asks for a file: far
// more leaked descriptors than any runtime keeps open for itself.
const requests = 100

// descriptors: after 100 requests to the -file server, and 100 to the
// -root server for a directory (which must be opened to be refused), the
// server holds about as many open files as before. A file that is never
// closed keeps its descriptor until the process runs out of them.
func (f files) descriptors(c *check.T) {
	// The garbage collector closes an unreachable *os.File, so a leak
	// would come and go with it: keep it off while the check counts.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))

	dir := c.TempDir()
	path := writeFile(c, dir, "small.txt", []byte("a small file\n"))
	srv := check.Launch(c, f.serve, Config{Server: File, Path: path})
	fds := openFiles(c, srv)
	before := fds()
	for i := range requests {
		cl := c.Dial("client" + strconv.Itoa(i))
		cl.Expect("a small file\n")
		cl.ExpectEOF()
		cl.Close() // the check's own descriptors must not count
	}
	if grown := fds() - before; grown > requests/2 {
		c.Failf(msgFilesLeaked, requests, "the file", grown)
	}

	c.Todo(9)
	t := newTree(c)
	srv = check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	fds = openFiles(c, srv)
	before = fds()
	for i := range requests {
		cl := c.Dial("dir" + strconv.Itoa(i))
		cl.Send("sub\n")
		cl.Expect("error: not a file\n")
		cl.ExpectEOF()
		cl.Close() // the check's own descriptors must not count
	}
	if grown := fds() - before; grown > requests/2 {
		c.Failf(msgDirsLeaked, requests, grown)
	}
}

// openFiles returns a function that counts the files the server has open:
// this process's when the server runs in it (or srv is nil), the
// command's otherwise. It
// skips the check where /proc cannot tell.
func openFiles(c *check.T, srv *check.Server) func() int {
	c.Helper()
	dir := "/proc/self/fd"
	if srv != nil && srv.Cmd != nil {
		dir = fmt.Sprintf("/proc/%d/fd", srv.Cmd.Process.Pid)
	}
	if _, err := os.ReadDir(dir); err != nil {
		c.Skipf("this system cannot count a process's open files (%v); nothing to check", err)
	}
	return func() int {
		entries, err := os.ReadDir(dir)
		if err != nil {
			c.Fatalf("the harness could not count the server's open files: %v", err)
		}
		return len(entries)
	}
}

// bigFileWithin bounds the memory check's read: loopback moves 64 MiB in
// well under a second, so this is only for a server that stops sending.
const bigFileWithin = 20 * time.Second

// bigFile is the size of the file the memory check sends: far more than
// any sensible buffer, so that holding it whole shows.
const bigFile = 64 << 20

// memory: sending a 64 MiB file to one client allocates a small fraction
// of it. io.Copy from the *os.File to the connection needs one small
// buffer at most (and on Linux none: sendfile); reading the file whole
// first needs all of it, per client.
func (f files) memory(c *check.T) {
	path := filepath.Join(c.TempDir(), "big.bin")
	sparse(c, path, bigFile)
	check.Launch(c, f.serve, Config{Server: File, Path: path})
	runtime.GC()
	before := allocated()
	alice := c.Dial("alice")
	conn := alice.Conn()
	conn.SetReadDeadline(time.Now().Add(bigFileWithin))
	n, err := io.Copy(io.Discard, conn)
	grown := allocated() - before
	if n != bigFile {
		c.Failf(msgBigFileShort, bigFile>>20, n, check.Describe(err))
	}
	if grown > bigFile/4 {
		c.Failf(msgBigFileMemory, bigFile>>20, float64(grown)/(1<<20))
	}
}

// sparse makes a file of size bytes, all zero, without writing them.
func sparse(c *check.T, path string, size int64) {
	c.Helper()
	file, err := os.Create(path)
	if err == nil {
		err = file.Truncate(size)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		c.Fatalf("the harness could not make a %d MiB file: %v", size>>20, err)
	}
}

// allocated is how many bytes this process has allocated on the heap so
// far, freed or not: a file read whole shows here even once it is garbage.
func allocated() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}
