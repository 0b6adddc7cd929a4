package check

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// commandEnv names an external server command to run the suites against
// instead of the Go code in the stage.
const commandEnv = "WORKBOOK_CMD"

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

func external() string { return os.Getenv(commandEnv) }

// Launch starts the server under test for this case and sets c.Addr.
//
// By default it runs serve in-process, like Start. flags are the
// command-line form of the same configuration (for example "-max-line",
// "100"): when WORKBOOK_CMD names a command, Launch runs that command with
// -addr and flags appended instead, so a server written in any language can
// be checked.
func (c *T) Launch(serve ServeFunc, flags ...string) *Server {
	c.Helper()
	return c.LaunchNamed("", serve, flags...)
}

// LaunchNamed is Launch for a stage with more than one server. The command
// for the server called name comes from WORKBOOK_CMD_<NAME> (for example
// WORKBOOK_CMD_COUNTER); if only WORKBOOK_CMD is set, the case is skipped.
func (c *T) LaunchNamed(name string, serve ServeFunc, flags ...string) *Server {
	c.Helper()
	if name != "" {
		env := commandEnv + "_" + strings.ToUpper(name)
		if cmd := os.Getenv(env); cmd != "" {
			return c.StartCommand(cmd, flags...)
		}
		if external() != "" {
			c.Skipf("this case checks the %s server; %s names only the main one (set %s too)", name, commandEnv, env)
		}
		return c.Start(serve)
	}
	if cmd := external(); cmd != "" {
		return c.StartCommand(cmd, flags...)
	}
	return c.Start(serve)
}

// StartCommand runs command (a shell command line) with -addr and flags
// appended, waits until it accepts connections and sets c.Addr. When the
// case ends it gets SIGINT, then SIGKILL if it has not exited within
// StopTimeout. Its output appears in any failure report.
func (c *T) StartCommand(command string, flags ...string) *Server {
	c.Helper()
	// Starting (and perhaps compiling) the command is not the case's time:
	// hold the watchdog off until the server listens.
	c.dog.Reset(StartupTimeout + c.limit)
	defer c.dog.Reset(c.limit)
	command = buildGoRun(c, command)
	addr := freeAddr(c)
	args := append([]string{"-c", "exec " + command + ` "$@"`, "sh", "-addr", addr}, flags...)
	cmd := exec.Command("sh", args...)
	// go test runs in the package's directory; relative paths in the
	// command are meant from the workspace root, where the student typed it.
	cmd.Dir = workspaceRoot()
	ownGroup(cmd)
	out := &tail{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		c.Fatalf("could not start %s=%q: %v", commandEnv, command, err)
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
		if !s.stopping.Load() {
			c.giveUp()
		}
	}()
	c.Addr, c.server = addr, s
	c.Note(func() string {
		ok, err := s.Returned()
		var b strings.Builder
		if ok && !s.stopping.Load() {
			fmt.Fprintf(&b, "the server command exited (%v) while the case was still running. ", err)
		}
		if text := out.String(); text != "" {
			fmt.Fprintf(&b, "The server's output ended with:\n%s", indent(text))
		}
		return b.String()
	})
	c.Cleanup(func() {
		s.Close()
		if err := s.Wait(StopTimeout); errors.Is(err, ErrStillRunning) {
			signal(syscall.SIGKILL)()
			s.Wait(StopTimeout)
		}
	})
	waitReady(c, s, command, out)
	return s
}

// freeAddr finds a loopback port that is free now. Another program could
// take it before the command binds it, but on a test machine that is rare,
// and the command's failure to bind would be reported.
func freeAddr(c *T) string {
	c.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitReady waits until the command listens, it exits, or StartupTimeout
// passes. The retry interval grows, so a fast server is found at once.
func waitReady(c *T, s *Server, command string, out *tail) {
	c.Helper()
	deadline := time.Now().Add(StartupTimeout)
	for pause := time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		if listening(s.Addr) {
			return
		}
		if ok, exit := s.Returned(); ok {
			c.Fatalf("%s=%q exited (%v) before it listened on %s. Its output:\n%s", commandEnv, command, exit, s.Addr, indent(out.String()))
		}
		if time.Now().After(deadline) {
			c.Fatalf("%s=%q did not listen on %s within %v (set %s to wait longer). Does it honour -addr? Its output:\n%s", commandEnv, command, s.Addr, StartupTimeout, startupEnv, indent(out.String()))
		}
		select {
		case <-time.After(pause):
		case <-c.expired:
			c.Fatalf("the watchdog stopped the case while waiting for %s to start. Its output:\n%s", command, indent(out.String()))
		}
	}
}

// indent shows the end of a program's output: its last lines, each cut to
// a readable width.
func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return "  (nothing)"
	}
	const maxLines, maxWidth = 15, 120
	var b strings.Builder
	if len(lines) > maxLines {
		fmt.Fprintf(&b, "  | … %d earlier lines\n", len(lines)-maxLines)
		lines = lines[len(lines)-maxLines:]
	}
	for i, l := range lines {
		if len(l) > maxWidth {
			l = l[:maxWidth] + "…"
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("  | " + l)
	}
	return b.String()
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if extra := t.buf.Len() - t.max; extra > 0 {
		t.buf.Next(extra)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

// listening reports whether something listens on addr. Where the kernel
// lists its sockets (/proc/net/tcp on Linux) it looks there, so that no
// probe connection reaches the server: in a chat, even a probe would be
// announced to everyone. Elsewhere it dials.
func listening(addr string) bool {
	if found, ok := procListening(addr); ok {
		return found
	}
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// procListening looks for a listening socket on addr's port in
// /proc/net/tcp and /proc/net/tcp6. ok is false if neither can be read.
func procListening(addr string) (found, ok bool) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false, false
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return false, false
	}
	want := fmt.Sprintf(":%04X", p)
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		ok = true
		for line := range strings.SplitSeq(string(data), "\n") {
			// sl local_address rem_address st ...; st 0A is LISTEN.
			f := strings.Fields(line)
			if len(f) > 3 && strings.HasSuffix(f[1], want) && f[3] == "0A" {
				return true, true
			}
		}
	}
	return false, ok
}

// workspaceRoot is the nearest directory above the current one that holds
// go.work, or "" (the current directory) if there is none.
func workspaceRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
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
	sum := sha256.Sum256([]byte(workspaceRoot() + "\x00" + command))
	dir := filepath.Join(os.TempDir(), "workbook-cmd", hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		c.Fatalf("could not make a directory to build %q in: %v", command, err)
	}
	bin := filepath.Join(dir, "server")
	build := exec.Command("go", "build", "-o", bin, fields[2])
	build.Dir = workspaceRoot()
	if out, err := build.CombinedOutput(); err != nil {
		c.Fatalf("%s=%q: go build %s failed:\n%s", commandEnv, command, fields[2], indent(string(out)))
	}
	built.Store(command, bin)
	return bin + " " + strings.Join(fields[3:], " ")
}
