package framingtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

func fileCases(serve check.Serve[Config]) []check.Case {
	f := files{serve}
	return []check.Case{
		{Name: "Files/startup", Todo: 6, InProcess: true, Run: f.startup},
		{Name: "Files/send", Todo: 7, Run: f.send},
		{Name: "Files/large", Todo: 7, Watchdog: 30 * time.Second, Run: f.large},
		{Name: "Files/memory", Todo: 7, InProcess: true, Watchdog: 30 * time.Second, Run: f.memory},
		{Name: "Files/swapped", Todo: 7, Needs: []string{"Files/send"}, Run: f.swapped},
		{Name: "Files/root", Todo: 8, Run: f.fromRoot},
		{Name: "Files/not-found", Todo: 8, Run: f.notFound},
		{Name: "Files/traversal", Todo: 8, Run: f.traversal},
		{Name: "Files/symlink", Todo: 8, Run: f.symlink},
		{Name: "Files/directory", Todo: 9, Run: f.directory},
		{Name: "Files/fifo", Todo: 9, Needs: []string{"Files/directory"}, Run: f.fifo},
		{Name: "Files/descriptors", Todo: 7, Needs: []string{"Files/directory"}, Run: f.descriptors},
		{Name: "Files/long-name", Todo: 8, Run: f.longName},
	}
}

type files struct {
	serve check.Serve[Config]
}

// send: every client that connects gets the whole file, then EOF. Each
// client gets it from the start, not only the first.
func (f files) send(c *check.T) {
	content := []byte("a small file\nwith two lines and a zero byte: \x00\n")
	path := writeFile(c, c.TempDir(), "small.txt", content)
	check.Launch(c, f.serve, Config{Server: File, Path: path})
	for _, name := range []string{"alice", "bob"} {
		cl := c.Dial(name)
		cl.ExpectBytes(content)
		cl.ExpectEOF()
	}
}

// large: 10 clients connected at once each receive an 8 MiB file of
// random bytes, byte for byte. 8 MiB is more than the kernel buffers of a
// connection nobody reads from, so a server that sends to one client at a
// time is stuck on the first; ten are enough to show it, and few enough
// that a busy machine under -race moves the 80 MiB well within the
// watchdog.
func (f files) large(c *check.T) {
	content := check.RandomBytes(8<<20, 3)
	path := writeFile(c, c.TempDir(), "large.bin", content)
	check.Launch(c, f.serve, Config{Server: File, Path: path})
	clients := make([]*check.Client, 10)
	for i := range clients {
		clients[i] = c.Dial(fmt.Sprintf("client%02d", i))
	}
	// Read the last to connect first: a server that sends to one client
	// at a time is still stuck on client00.
	var p progress
	c.Note(p.String)
	for i := len(clients) - 1; i >= 0; i-- {
		p.expect(clients[i], content)
		clients[i].ExpectEOF()
	}
}

// tree is a directory for the -root checks: root/ holds the files that
// may be sent, and secret.txt lies next to it, outside.
type tree struct {
	root, secret string
}

func newTree(c *check.T) tree {
	c.Helper()
	dir := c.TempDir()
	t := tree{root: filepath.Join(dir, "root"), secret: filepath.Join(dir, "secret.txt")}
	writeFile(c, dir, "secret.txt", []byte("the secret, which must not leave\n"))
	writeFile(c, t.root, "hello.txt", []byte("hello from the root\n"))
	writeFile(c, t.root, "sub/inner.txt", []byte("one level down\n"))
	writeFile(c, t.root, "data.bin", check.RandomBytes(256<<10, 4))
	return t
}

// root: with -root, a client sends a file name on one line and receives
// that file, then EOF. Names may hold a "/", and end in "\r\n".
func (f files) fromRoot(c *check.T) {
	t := newTree(c)
	check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	for _, x := range []struct{ who, send, file string }{
		{"alice", "hello.txt\n", "hello.txt"},
		{"bob", "sub/inner.txt\r\n", "sub/inner.txt"},
		{"carol", "data.bin\n", "data.bin"},
	} {
		want, err := os.ReadFile(filepath.Join(t.root, x.file))
		if err != nil {
			c.Fatalf("the harness could not read its own file: %v", err)
		}
		cl := c.Dial(x.who)
		cl.Send(x.send)
		cl.ExpectBytes(want)
		cl.ExpectEOF()
	}
}

// not-found: a name with no file gets "error: not found\n", then EOF; so
// do a name that uses a file as a directory, which stays in the root, and
// (when the tests do not run as root) a file the server may not read.
func (f files) notFound(c *check.T) {
	t := newTree(c)
	check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	names := []string{"nope.txt", "sub/nope.txt", "hello.txt/", "hello.txt/more"}
	// A file the server may not read is not found either. root reads
	// everything, so the case can only make one when it is not root.
	if os.Geteuid() > 0 {
		writeFile(c, t.root, "locked.txt", []byte("nobody may read this\n"))
		if err := os.Chmod(filepath.Join(t.root, "locked.txt"), 0); err != nil {
			c.Fatalf("the harness could not lock its file: %v", err)
		}
		names = append(names, "locked.txt")
	}
	for i, name := range names {
		expectRefusal(c, fmt.Sprintf("client%d", i), name, "error: not found\n")
	}
}

// traversal: names that climb out of the root get "error: invalid
// name\n" and nothing from outside: "..", "sub/../..", and an absolute
// path.
func (f files) traversal(c *check.T) {
	t := newTree(c)
	check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	c.Note(func() string { return fmt.Sprintf(noteTraversal, t.root) })
	for i, name := range []string{"../secret.txt", "sub/../../secret.txt", t.secret} {
		expectRefusal(c, fmt.Sprintf("client%d", i), name, "error: invalid name\n")
	}
}

// symlink: a link inside the root that points outside it is refused too,
// whether its target is relative or absolute.
func (f files) symlink(c *check.T) {
	t := newTree(c)
	for name, target := range map[string]string{"up": "../secret.txt", "abs": t.secret} {
		if err := os.Symlink(target, filepath.Join(t.root, name)); err != nil {
			c.Skipf("this system cannot make symbolic links (%v); nothing to check", err)
		}
	}
	check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	c.Note(func() string { return noteSymlink })
	for i, name := range []string{"up", "abs"} {
		expectRefusal(c, fmt.Sprintf("client%d", i), name, "error: invalid name\n")
	}
}

// directory: a name that is a directory gets "error: not a file\n".
func (f files) directory(c *check.T) {
	t := newTree(c)
	check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	for i, name := range []string{"sub", "."} {
		expectRefusal(c, fmt.Sprintf("client%d", i), name, "error: not a file\n")
	}
}

// fifo: a name that is a FIFO (a named pipe) gets "error: not a file\n"
// at once, and the server goes on serving. Opening a FIFO for reading
// the usual way waits for a writer, for ever.
func (f files) fifo(c *check.T) {
	t := newTree(c)
	pipe := filepath.Join(t.root, "pipe")
	if err := mkfifo(pipe); err != nil {
		c.Skipf("this system cannot make a FIFO (%v); nothing to check", err)
	}
	// A server stuck opening the FIFO is freed when the case ends, so
	// that its handlers can return.
	c.Cleanup(func() { unblockFIFO(pipe) })
	srv := check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	c.Note(func() string { return fmt.Sprintf(noteFIFO, t.root) })
	c.Note(func() string {
		if ok, _ := srv.Returned(); !ok && hangs(srv.Addr, "pipe\n") {
			c.Diagnose(check.Symptom{ID: symptomOpenBlocks, Todo: 8, Reading: readingOpenBlocks})
		}
		return ""
	})
	for i := range 3 {
		expectRefusal(c, fmt.Sprintf("client%d", i), "pipe", "error: not a file\n")
	}
	alice := c.Dial("alice")
	alice.Send("hello.txt\n")
	alice.Expect("hello from the root\n")
	alice.ExpectEOF()
}

// swapped: the -file is a regular file at start-up and is replaced by a
// FIFO while the server runs. A client that connects then is hung up on at
// once, with nothing sent, and once the file is back the next client gets
// it. A handler that opens the path the usual way waits on the FIFO for
// ever: the start-up check is no promise about later.
func (f files) swapped(c *check.T) {
	dir := c.TempDir()
	content := []byte("the same file, before and after\n")
	path := writeFile(c, dir, "swap.txt", content)
	srv := check.Launch(c, f.serve, Config{Server: File, Path: path})
	alice := c.Dial("alice")
	alice.ExpectBytes(content)
	alice.ExpectEOF()

	if err := os.Remove(path); err != nil {
		c.Fatalf("the harness could not remove %s: %v", path, err)
	}
	if err := mkfifo(path); err != nil {
		c.Skipf("this system cannot make a FIFO (%v); nothing to check", err)
	}
	// A handler stuck opening the FIFO is freed when the case ends.
	c.Cleanup(func() { unblockFIFO(path) })
	c.Note(func() string { return fmt.Sprintf(noteSwapped, path) })
	c.Note(func() string {
		if ok, _ := srv.Returned(); !ok && hangs(srv.Addr, "") {
			c.Diagnose(check.Symptom{ID: symptomOpenBlocks, Todo: 7, Reading: readingReopenBlocks})
		}
		return ""
	})
	bob := c.Dial("bob")
	bob.ExpectEOF()

	if err := os.Remove(path); err != nil {
		c.Fatalf("the harness could not remove the FIFO %s: %v", path, err)
	}
	writeFile(c, dir, "swap.txt", content)
	carol := c.Dial("carol")
	carol.ExpectBytes(content)
	carol.ExpectEOF()
}

// expectRefusal has a new client ask for name and expect the error line
// want, then EOF.
func expectRefusal(c *check.T, who, name, want string) {
	c.Helper()
	cl := c.Dial(who)
	cl.Send(name + "\n")
	cl.Expect(want)
	cl.ExpectEOF()
}

// progress compares a large reply a piece at a time and remembers where it
// is, for the failure report.
type progress struct {
	who string
	at  int
}

// piece is how much is compared at once. Expect compares everything
// received so far on every read, so one call for 8 MiB would be slow.
const piece = 256 << 10

func (p *progress) expect(cl *check.Client, want []byte) {
	p.who = cl.Name
	for p.at = 0; p.at < len(want); p.at += piece {
		cl.ExpectBytes(want[p.at:min(p.at+piece, len(want))])
	}
}

func (p *progress) String() string {
	if p.who == "" {
		return ""
	}
	return fmt.Sprintf(noteProgress, p.who, piece>>10, p.at)
}

// writeFile writes content to dir/name, making directories as needed, and
// returns the path.
func writeFile(c *check.T, dir, name string, content []byte) string {
	c.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		c.Fatalf("the harness could not make a directory: %v", err)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		c.Fatalf("the harness could not write a file: %v", err)
	}
	return path
}

// long-name: a name longer than 4 KiB gets "error: line too long\n" and
// EOF, as the README lists it. That reply comes written in handle; the
// check keeps it.
func (f files) longName(c *check.T) {
	t := newTree(c)
	check.Launch(c, f.serve, Config{Server: Root, Root: t.root})
	expectRefusal(c, "alice", strings.Repeat("a", 5000), "error: line too long\n")
}
