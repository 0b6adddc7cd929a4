package shutdowntest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"tcpworkbook/kit/check"
)

// process runs the server's command as a real process, for the checks
// that only a process can fail: its signal handling and exit status.
type process struct {
	t   *testing.T // the suite's test, which owns the build directory
	pkg string     // Impl.Command

	once sync.Once
	bin  string
	err  error
}

// command returns the shell command line that runs the server: the
// external command when WORKBOOK_CMD names one, otherwise the binary built
// from Impl.Command, once per Run.
func (p *process) command(c *check.T) string {
	c.Helper()
	if cmd := os.Getenv("WORKBOOK_CMD"); cmd != "" {
		return cmd
	}
	if p.pkg == "" {
		c.Skip("Impl.Command is empty, so there is no command to run")
	}
	if _, err := exec.LookPath("go"); err != nil {
		c.Skip("the go command is not on PATH, so the server's command cannot be built")
	}
	p.once.Do(p.build)
	if p.err != nil {
		c.Fatalf("could not build %s: %v", p.pkg, p.err)
	}
	return "'" + p.bin + "'" // a temporary directory never holds a quote
}

func (p *process) build() {
	p.bin = filepath.Join(p.t.TempDir(), "server")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", p.bin, p.pkg).CombinedOutput()
	if err != nil {
		p.err = fmt.Errorf("%v\n%s", err, out)
	}
}

// process/sigint: the command, sent SIGINT (Ctrl+C), says goodbye to both
// of its clients and exits with status 0.
func (p *process) sigint(c *check.T) { p.graceful(c, syscall.SIGINT) }

// process/sigterm: the same for SIGTERM, which kill, systemd and docker
// stop send.
func (p *process) sigterm(c *check.T) { p.graceful(c, syscall.SIGTERM) }

func (p *process) graceful(c *check.T, sig syscall.Signal) {
	cfg := defaults()
	srv := c.StartCommand(p.command(c), cfg.Flags()...)
	alice, bob := c.Dial("alice"), c.Dial("bob")
	// A reply proves that Serve is running, and so that the command has
	// set up its signal handling, which comes before Serve.
	for _, cl := range []*check.Client{alice, bob} {
		cl.Send("ready?\n")
		cl.Expect("ready?\n")
	}
	c.Note(func() string {
		return fmt.Sprintf("the case sent the server %s. It must start the same graceful shutdown as a cancelled context: goodbye to every client, then exit status 0. Does the command listen for it (signal.NotifyContext)?", signalName(sig))
	})
	if err := syscall.Kill(-srv.Cmd.Process.Pid, sig); err != nil {
		c.Fatalf("could not send %s to the server: %v", signalName(sig), err)
	}
	for _, cl := range []*check.Client{alice, bob} {
		cl.Expect(goodbye)
		cl.ExpectEOF()
	}
	switch err := srv.Wait(cfg.Drain + check.StopTimeout); {
	case errors.Is(err, check.ErrStillRunning):
		c.Failf("the server was still running %v after both clients had been sent away. After a clean drain, Serve returns nil and the process exits with status 0.", cfg.Drain+check.StopTimeout)
	case err != nil:
		c.Failf("the server exited with %s after a clean drain; it should exit with status 0.", exitStatus(err))
	}
}

// process/second-signal: a second SIGINT during a drain that is stuck
// ends the process at once, with status 1. Alice never reads her long
// reply, and the drain timeout is 30 s.
func (p *process) secondSignal(c *check.T) {
	line := stallLine()
	cfg := defaults()
	cfg.MaxLine, cfg.Drain = len(line)-1, 30*time.Second
	srv := c.StartCommand(p.command(c), cfg.Flags()...)
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	bob := c.Dial("bob")
	bob.Send("ready?\n")
	bob.Expect("ready?\n")
	stall(alice, line)
	srv.Cancel() // the first SIGINT
	bob.Expect(goodbye)
	bob.ExpectEOF()

	// The drain is now stuck on alice. The first signal's handler may
	// still be switching to the second one, and a signal that arrives in
	// between is lost, so the second SIGINT is repeated until the process
	// exits.
	deadline := time.Now().Add(check.StopTimeout)
	for {
		syscall.Kill(-srv.Cmd.Process.Pid, syscall.SIGINT)
		err := srv.Wait(50 * time.Millisecond)
		if errors.Is(err, check.ErrStillRunning) {
			if time.Now().After(deadline) {
				c.Failf("the server was still running %v after a second SIGINT. It was draining, stuck on alice, who never reads her reply; the drain timeout is %v. A second Ctrl+C means \"stop now\": exit with status 1.", check.StopTimeout, cfg.Drain)
			}
			continue
		}
		if !exitedOne(err) {
			c.Failf("after a second SIGINT the server exited with %s; a forced stop should exit with status 1, so that scripts can tell it from a clean one.", exitStatus(err))
		}
		c.Logf("after the second SIGINT the server exited with %s", exitStatus(err))
		return
	}
}

// exitedOne reports whether the process exited with status 1, or was
// killed by SIGINT itself: that is how a Go program ends when its
// handler for the first signal has been stopped, as signal.NotifyContext's
// stop does, and it is as prompt and as unsuccessful.
func exitedOne(err error) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	if status, ok := exit.Sys().(syscall.WaitStatus); ok && status.Signaled() {
		return status.Signal() == syscall.SIGINT
	}
	return exit.ExitCode() == 1
}

// exitStatus describes how a process ended, from cmd.Wait's error.
func exitStatus(err error) string {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return "status 0"
	case errors.As(err, &exit):
		if status, ok := exit.Sys().(syscall.WaitStatus); ok && status.Signaled() {
			return fmt.Sprintf("no status: it was killed by %v, which it did not handle", status.Signal())
		}
		return fmt.Sprintf("status %d", exit.ExitCode())
	default:
		return strings.TrimSpace(err.Error())
	}
}

func signalName(sig syscall.Signal) string {
	if sig == syscall.SIGINT {
		return "SIGINT, what Ctrl+C sends"
	}
	return "SIGTERM, what kill, systemd and docker stop send"
}
