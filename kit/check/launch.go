package check

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"tcpworkbook/kit/proc"
)

// CommandEnv names an external server command to run the suites against
// instead of the Go code in the stage.
const CommandEnv = "WORKBOOK_CMD"

// StartupTimeout bounds how long an external command may take to start
// listening, unless WORKBOOK_STARTUP_TIMEOUT (a Go duration) says otherwise.
// It is generous because "go run" compiles first. The case's watchdog does
// not count this time.
var StartupTimeout = startupTimeout()

const startupEnv = "WORKBOOK_STARTUP_TIMEOUT"

func startupTimeout() time.Duration {
	if d, err := time.ParseDuration(os.Getenv(startupEnv)); err == nil && d > 0 {
		return d
	}
	return 60 * time.Second
}

// External returns the command line that stands in for the server called
// name ("" for a stage's main server), or "" when the suite should run
// the Go code in the stage. It reads WORKBOOK_CMD, or WORKBOOK_CMD_<NAME>
// for a named server.
func External(name string) string { return os.Getenv(CommandEnvFor(name)) }

// CommandEnvFor is the environment variable that names the command for
// the server called name: WORKBOOK_CMD, or WORKBOOK_CMD_COUNTER for
// "counter".
func CommandEnvFor(name string) string {
	if name == "" {
		return CommandEnv
	}
	return CommandEnv + "_" + strings.ToUpper(name)
}

func external() string { return External("") }

// ServerInProcess reports whether a stage's main server runs inside the
// test binary, where a check may look at its goroutines, rather than as
// the command WORKBOOK_CMD names.
func ServerInProcess() bool { return external() == "" }

// A Config is a stage's server configuration that a command line can say
// too, so that one value configures the Go code in process and a command
// named by WORKBOOK_CMD alike. Command returns the stage's server it
// configures ("" for the main one; "counter" for the one
// WORKBOOK_CMD_COUNTER replaces) and the flags that set it, from the
// facts of the stage's run flags.
type Config interface {
	Command() (server string, flags []string)
}

// A LoggingConfig is a Config whose server logs where the Config says.
// Launch gives a server it runs in process the case's ServerLog, so that a
// failure report ends with what the server logged, unless the check chose
// a logger of its own.
type LoggingConfig[C any] interface {
	Config
	Logger() *slog.Logger
	WithLogger(*slog.Logger) C
}

// Launch starts the server that cfg describes for this case and sets
// c.Addr: serve bound to cfg, in process, or, when the environment names
// a command for cfg's server, that command with -addr and cfg's flags, so
// that a server written in any language can be checked. A named server's
// case is skipped when only WORKBOOK_CMD is set.
func Launch[C Config](c *T, serve Serve[C], cfg C) *Server {
	c.Helper()
	return LaunchOn(c, nil, serve, cfg)
}

// LaunchOn is Launch with the listener the server gets in process, often a
// check's wrapper that watches what the server does (nil is a fresh
// loopback listener). A command opens its own: then ln is closed and the
// returned Server's Listener is nil, so the check knows its wrapper saw
// nothing.
func LaunchOn[C Config](c *T, ln net.Listener, serve Serve[C], cfg C) *Server {
	c.Helper()
	name, flags := cfg.Command()
	c.mu.Lock()
	c.launched = &launched{name: name, flags: flags}
	c.mu.Unlock()
	cmd := External(name)
	if cmd == "" && name != "" && external() != "" {
		c.Skipf("this case checks the %s server; %s names only the main one (set %s too)", name, CommandEnv, CommandEnvFor(name))
	}
	if cmd != "" {
		if ln != nil {
			ln.Close()
		}
		return c.StartCommand(cmd, flags...)
	}
	if lc, ok := any(cfg).(LoggingConfig[C]); ok && lc.Logger() == nil {
		log, _ := c.ServerLog()
		cfg = lc.WithLogger(log)
	}
	if ln == nil {
		return c.Start(serve.Bind(cfg))
	}
	return c.StartOn(ln, serve.Bind(cfg))
}

// LaunchCommand starts the server cfg describes as a process of its own,
// for a check that only a process can fail (its signals, its exit
// status): the command the environment names for cfg's server, or else
// the Go command at import path pkg, built once per test binary. The case
// is skipped when there is neither, or no go command to build with.
func LaunchCommand[C Config](c *T, pkg string, cfg C) *Server {
	c.Helper()
	name, flags := cfg.Command()
	cmd := External(name)
	if cmd == "" {
		if pkg == "" {
			c.Skipf("no Go command is given for this server and %s is not set, so there is no command to run", CommandEnvFor(name))
		}
		if _, err := exec.LookPath("go"); err != nil {
			c.Skip("the go command is not on PATH, so the server's command cannot be built")
		}
		cmd = "go run " + pkg
	}
	c.mu.Lock()
	c.launched = &launched{name: name, flags: flags}
	c.mu.Unlock()
	return c.StartCommand(cmd, flags...)
}

// LimitFiles makes the next external command this case starts run with at
// most n open file descriptors (ulimit -n), so that a check can drive it
// out of descriptors with a modest flood. It does nothing to a server run
// in-process: there, give Serve a listener whose Accept fails instead.
func (c *T) LimitFiles(n int) { c.fileLimit = n }

// StartCommand runs command (a shell command line) with -addr and flags
// appended, waits until it accepts connections and sets c.Addr. When the
// case ends it gets SIGINT, then SIGKILL if it has not exited within
// StopTimeout. Its output appears in any failure report.
//
// The port is one that was free a moment before the command started. If
// another program took it first and the command exits saying so, it runs
// again on another port: that is the harness's bad luck, not the server's
// mistake.
func (c *T) StartCommand(command string, flags ...string) *Server {
	c.Helper()
	// Starting (and perhaps compiling) the command is not the case's time:
	// hold the watchdog off until the server listens.
	c.dog.Reset(StartupTimeout + c.limit)
	defer c.dog.Reset(c.limit)
	command = buildGoRun(c, command)
	for attempt := 1; ; attempt++ {
		s, out := c.spawn(command, pickAddr(c), flags)
		err := waitReady(c, s, out)
		if err == nil {
			c.watch(s, out)
			return s
		}
		if errors.Is(err, errPortTaken) && attempt < portAttempts {
			continue
		}
		c.Fatalf("%s=%q %v. Its output:\n%s", CommandEnv, command, err, out.Shown())
	}
}

// portAttempts is how many ports StartCommand tries before it reports that
// the command could not bind.
const portAttempts = 3

// spawn starts command on addr in a process group of its own, to be
// stopped when the case ends.
func (c *T) spawn(command, addr string, flags []string) (*Server, *Output) {
	c.Helper()
	script := "exec " + command + ` "$@"`
	if c.fileLimit > 0 {
		script = fmt.Sprintf("ulimit -n %d && %s", c.fileLimit, script)
	}
	args := append([]string{"-c", script, "sh", "-addr", addr}, flags...)
	cmd := exec.Command("sh", args...)
	// go test runs in the package's directory; relative paths in the
	// command are meant from the workspace root, where the student typed it.
	cmd.Dir = proc.WorkspaceRoot()
	ownGroup(cmd)
	out := new(Output)
	out.logInto(c)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		c.Fatalf("could not start %s=%q: %v", CommandEnv, command, err)
	}
	signal := func(sig syscall.Signal) func() error {
		return func() error { return signalGroup(cmd, sig) }
	}
	s := &Server{Addr: addr, Cmd: cmd, close: signal(syscall.SIGINT), done: make(chan struct{})}
	s.cancel = func() { s.close() }
	go func() {
		err := cmd.Wait()
		s.mu.Lock()
		s.err, s.returned = err, true
		s.mu.Unlock()
		close(s.done)
	}()
	c.Cleanup(func() {
		s.Close()
		if err := s.Wait(StopTimeout); errors.Is(err, ErrStillRunning) {
			signal(syscall.SIGKILL)()
			s.Wait(StopTimeout)
		}
	})
	return s, out
}

// watch makes s the case's server once it listens: its exit ends every
// wait, and the failure report shows its output.
func (c *T) watch(s *Server, out *Output) {
	c.Addr, c.server = s.Addr, s
	go func() {
		<-s.done
		if !s.stopping.Load() {
			c.giveUp()
		}
	}()
	c.Note(func() string {
		ok, err := s.Returned()
		var b strings.Builder
		if ok && !s.stopping.Load() {
			fmt.Fprintf(&b, "the server command exited (%v) while the case was still running. ", err)
		}
		if out.String() != "" {
			fmt.Fprintf(&b, "The server's output ended with:\n%s", out.Shown())
		}
		return b.String()
	})
}

// pickAddr finds a loopback port that is free now (see proc.FreeAddr). A
// variable, so that a test can hand out a port that is taken.
var pickAddr = func(c *T) string {
	c.Helper()
	addr, err := proc.FreeAddr()
	if err != nil {
		c.Fatalf("the harness could not find a free port: %v", err)
	}
	return addr
}

// errPortTaken: the command exited because its port was in use.
var errPortTaken = errors.New("could not listen: another program took its port first")

// waitReady waits until the command listens (the command itself, not a
// stranger that took its port), it exits, or StartupTimeout passes. The
// retry interval grows, so a fast server is found at once.
func waitReady(c *T, s *Server, out *Output) error {
	c.Helper()
	deadline := time.Now().Add(StartupTimeout)
	for pause := time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		if proc.ListeningIn(s.Addr, s.Cmd.Process.Pid) {
			return nil
		}
		if ok, exit := s.Returned(); ok {
			if portInUse(out) {
				return errPortTaken
			}
			return fmt.Errorf("exited (%v) before it listened on %s", exit, s.Addr)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf(msgNotListening, s.Addr, StartupTimeout, startupEnv)
		}
		select {
		case <-time.After(pause):
		case <-c.expired:
			return errors.New("was still starting when the watchdog stopped the case")
		}
	}
}

// portInUse reports whether the command's output says that its address
// was taken, in the words of Go, Rust, Python, C and Node alike.
func portInUse(out *Output) bool {
	text := strings.ToLower(out.String())
	return strings.Contains(text, "address already in use") || strings.Contains(text, "eaddrinuse")
}

// built caches the binaries made for "go run" commands, by command line.
var built sync.Map

// buildGoRun turns "go run PKG ARGS..." into a binary built once with
// go build, followed by ARGS. Run through go run, the server would be a
// child of the go command: signals would reach go rather than the server,
// and the exit status would be go's, so the shutdown checks could not see
// the server's own.
func buildGoRun(c *T, command string) string {
	c.Helper()
	fields := strings.Fields(command)
	if len(fields) < 3 || fields[0] != "go" || fields[1] != "run" || strings.HasPrefix(fields[2], "-") {
		return command
	}
	if bin, ok := built.Load(command); ok {
		return bin.(string) + " " + strings.Join(fields[3:], " ")
	}
	// One directory per command and workspace, reused by later runs, so
	// that binaries do not pile up in the temporary directory.
	sum := sha256.Sum256([]byte(proc.WorkspaceRoot() + "\x00" + command))
	dir := filepath.Join(os.TempDir(), "workbook-cmd", hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		c.Fatalf("could not make a directory to build %q in: %v", command, err)
	}
	bin := filepath.Join(dir, "server")
	if err := proc.Build(context.Background(), proc.WorkspaceRoot(), fields[2], bin); err != nil {
		c.Fatalf("%s=%q: %v", CommandEnv, command, err)
	}
	built.Store(command, bin)
	return bin + " " + strings.Join(fields[3:], " ")
}
