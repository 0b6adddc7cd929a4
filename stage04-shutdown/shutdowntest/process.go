package shutdowntest

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"tcpworkbook/kit/check"
)

// process runs the server's command as a real process, for the checks
// that only a process can fail: its signal handling and exit status.
type process struct {
	pkg string // Impl.Command
}

// process/sigint: the command, sent SIGINT (Ctrl+C) while it is writing
// a long reply to alice and bob is idle, says goodbye to bob at once,
// finishes alice's reply and says goodbye to her, and only then exits,
// with status 0.
func (p *process) sigint(c *check.T) { p.graceful(c, syscall.SIGINT) }

// process/sigterm: the same for SIGTERM, which kill, systemd and docker
// stop send.
func (p *process) sigterm(c *check.T) { p.graceful(c, syscall.SIGTERM) }

// process/sighup: the same for SIGHUP, which a server gets when the
// terminal it runs in is closed.
func (p *process) sighup(c *check.T) { p.graceful(c, syscall.SIGHUP) }

func (p *process) graceful(c *check.T, sig syscall.Signal) {
	line := stallLine()
	cfg := defaults()
	cfg.MaxLine, cfg.Drain = len(line)-1, 5*time.Second
	srv := check.LaunchCommand(c, p.pkg, cfg)
	alice, bob := p.busyAndIdle(c, line)
	c.Note(func() string { return fmt.Sprintf(noteGraceful, signalName(sig), len(line)) })
	p.signal(c, srv, sig)
	p.expectDraining(c, srv, sig)

	c.Todo(2)
	bob.Expect(goodbye)
	bob.ExpectEOF()
	// A server slow to exit may get past expectDraining; then alice's
	// reply is what is cut short.
	c.Todo(3)
	var replied atomic.Bool
	c.Note(func() string {
		if ok, err := srv.Returned(); ok && !replied.Load() {
			return fmt.Sprintf(noteExitedEarly, exitStatus(err))
		}
		return ""
	})
	expectReplyThenGoodbye(c, alice, line, &replied)

	c.Todo(4)
	switch err := srv.Wait(check.StopTimeout); {
	case errors.Is(err, check.ErrStillRunning):
		c.Failf(msgNoExit, check.StopTimeout, cfg.Drain)
	case err != nil:
		c.Failf(msgCleanExitStatus, exitStatus(err))
	}
}

// busyAndIdle connects alice, who sends a line too long to be answered
// while she does not read, and bob, who is idle. When it returns, the
// server is writing alice's reply and waiting in Read for bob. The
// replies also prove that Serve is running, and so that the command has
// set up its signal handling: run.Main does that before it listens.
func (p *process) busyAndIdle(c *check.T, line []byte) (alice, bob *check.Client) {
	c.Helper()
	alice = c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	bob = c.Dial("bob")
	bob.Send("ready?\n")
	bob.Expect("ready?\n")
	stall(alice, line)
	return alice, bob
}

// signal sends sig to the server's process group.
func (p *process) signal(c *check.T, srv *check.Server, sig syscall.Signal) {
	c.Helper()
	c.Event("case", "sent the server "+shortName(sig))
	if err := srv.Signal(sig); err != nil {
		c.Fatalf("could not send %s to the server: %v", signalName(sig), err)
	}
}

// expectDraining fails the case if the server exits within a moment of
// sig. It is writing alice's reply, which she has not read, so a server
// that drains cannot exit yet: for one that does, this wait lasts its
// whole length. One whose Serve returns without waiting for its handlers
// exits at once, whatever they are doing, and the check must say so
// before it reads anything: whether bob's goodbye got out before the
// exit is a race.
func (p *process) expectDraining(c *check.T, srv *check.Server, sig syscall.Signal) {
	c.Helper()
	err := srv.Wait(100 * time.Millisecond)
	switch {
	case errors.Is(err, check.ErrStillRunning):
	case killedBy(err, sig):
		c.Todo(0) // the command is given, not a TODO
		c.Failf(msgKilledBySignal, signalName(sig))
	default:
		c.Todo(3)
		c.Failf(msgExitedAtSignal, exitStatus(err), signalName(sig))
	}
}

// process/second-signal: a second SIGINT during a drain that is stuck
// ends the process at once, with status 1. Alice never reads her long
// reply, and the drain timeout is 30 s.
func (p *process) secondSignal(c *check.T) {
	line := stallLine()
	cfg := defaults()
	cfg.MaxLine, cfg.Drain = len(line)-1, 30*time.Second
	srv := check.LaunchCommand(c, p.pkg, cfg)
	_, bob := p.busyAndIdle(c, line) // alice never reads: that keeps the drain stuck
	c.Note(func() string { return fmt.Sprintf(noteSecondSignal, len(line), cfg.Drain) })
	p.signal(c, srv, syscall.SIGINT)
	p.expectDraining(c, srv, syscall.SIGINT)
	c.Todo(2)
	bob.Expect(goodbye)
	bob.ExpectEOF()

	// The drain is now stuck on alice, and what is checked from here is
	// the command's, not a TODO's: run.Main exits with status 1 on the
	// second signal. It loses no signal (one channel catches both), but
	// a command that swaps handlers after the first one, as one built on
	// signal.NotifyContext does, can miss a signal sent in between; so
	// the second SIGINT is repeated until the process exits.
	c.Todo(0)
	c.Event("case", "sent the server SIGINT again, and again until it exits")
	deadline := time.Now().Add(check.StopTimeout)
	for {
		srv.Signal(syscall.SIGINT)
		err := srv.Wait(50 * time.Millisecond)
		if errors.Is(err, check.ErrStillRunning) {
			if time.Now().After(deadline) {
				c.Failf(msgNoForcedExit, check.StopTimeout, cfg.Drain)
			}
			continue
		}
		if !exitedOne(err) {
			c.Failf(msgForcedExitStatus, exitStatus(err))
		}
		c.Logf("after the second SIGINT the server exited with %s", exitStatus(err))
		return
	}
}

// exitedOne reports whether the process exited with status 1, or was
// killed by SIGINT itself. run.Main exits with 1; a program that stops
// catching signals after the first one, as signal.NotifyContext's stop
// function makes it, is killed by the second, which is as prompt and as
// unsuccessful.
func exitedOne(err error) bool {
	if killedBy(err, syscall.SIGINT) {
		return true
	}
	var exit *exec.ExitError
	return errors.As(err, &exit) && exit.ExitCode() == 1
}

// killedBy reports whether cmd.Wait's err says the process was killed by
// sig, which it did not catch.
func killedBy(err error, sig syscall.Signal) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	status, ok := exit.Sys().(syscall.WaitStatus)
	return ok && status.Signaled() && status.Signal() == sig
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

func shortName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return "SIGTERM"
}

func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT (what Ctrl+C sends)"
	case syscall.SIGHUP:
		return "SIGHUP (what a server gets when its terminal is closed)"
	}
	return "SIGTERM (what kill, systemd and docker stop send)"
}
