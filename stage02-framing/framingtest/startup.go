package framingtest

import (
	"context"
	"net"
	"path/filepath"
	"runtime/debug"
	"time"

	"tcpworkbook/kit/check"
)

// startup: a file that cannot be served is an error when the server
// starts, before any client connects: a missing file, a directory and a
// FIFO given as -file. A -root that does not exist is an error too.
func (f files) startup(c *check.T) {
	dir := c.TempDir()
	missing := filepath.Join(dir, "missing.txt")
	f.expectRefused(c, Config{Server: File, Path: missing}, msgStartedMissing)
	f.expectRefused(c, Config{Server: File, Path: dir}, msgStartedDirectory)
	f.expectRefused(c, Config{Server: Root, Root: missing}, msgStartedMissingRoot)
	pipe := filepath.Join(dir, "pipe")
	if err := mkfifo(pipe); err != nil {
		c.Logf("not trying -file with a FIFO: this system cannot make one (%v)", err)
		return
	}
	f.expectRefused(c, Config{Server: File, Path: pipe}, msgStartedFIFO)
	f.startupCloses(c, dir)
}

// startupCloses: the check at start-up opens the file to see what it is,
// and closes it again, whether it is refused or served. Twenty start-ups
// of each kind must leave no file open.
func (f files) startupCloses(c *check.T, dir string) {
	c.Helper()
	// The garbage collector closes an unreachable *os.File, so a leak
	// would come and go with it: keep it off while the check counts.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	path := writeFile(c, dir, "served.txt", []byte("served\n"))
	fds := openFiles(c, nil)
	before := fds()
	const starts = 20
	for range starts {
		f.expectRefused(c, Config{Server: File, Path: dir}, msgStartedDirectory)
		f.startAndStop(c, Config{Server: File, Path: path})
	}
	if grown := fds() - before; grown > starts/2 {
		c.Failf(msgStartupLeaks, starts, starts, grown)
	}
}

// startAndStop runs Serve with cfg on a listener closed at once: Serve
// checks its file, then returns when Accept fails.
func (f files) startAndStop(c *check.T, cfg Config) {
	c.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen: %v", err)
	}
	ln.Close()
	done := make(chan error, 1)
	go func() { done <- f.serve(context.Background(), ln, cfg) }()
	select {
	case <-done:
	case <-time.After(check.StopTimeout):
		c.Failf(msgStartupStuck, cfg.Path, check.StopTimeout)
	}
}

// expectRefused runs Serve with cfg and stops the case unless it returns
// an error within check.StopTimeout, without a client. failure is a
// format for the path (or root) and what happened.
func (f files) expectRefused(c *check.T, cfg Config, failure string) {
	c.Helper()
	what := cfg.Path + cfg.Root
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f.serve(ctx, ln, cfg) }()
	select {
	case err := <-done:
		ln.Close()
		if err == nil {
			c.Failf(failure, what, happenedNil)
		}
		return
	case <-time.After(check.StopTimeout):
	case <-c.Expired():
	}
	// Still running: serving, or stuck opening a FIFO. Stop it, and free
	// it from the FIFO, before failing.
	cancel()
	ln.Close()
	unblockFIFO(cfg.Path)
	select {
	case <-done:
	case <-time.After(check.StopTimeout):
	}
	c.Failf(failure, what, happenedRunning)
}
