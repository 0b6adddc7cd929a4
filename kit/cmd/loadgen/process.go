package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"tcpworkbook/kit/load"
	"tcpworkbook/kit/proc"
)

// startupTimeout bounds how long a server may take to listen.
const startupTimeout = 15 * time.Second

// stopTimeout is how long a server may take to exit after SIGTERM before
// it is killed.
const stopTimeout = 5 * time.Second

// prepare builds a Go or Rust server, or checks that an interpreter is
// installed.
func prepare(ctx context.Context, spec *serverSpec, root, tmp string) error {
	if spec.cargo != "" {
		return prepareCargo(ctx, spec)
	}
	if spec.needs != "" {
		if _, err := exec.LookPath(spec.needs); err != nil {
			return fmt.Errorf("%s is not installed", spec.needs)
		}
		if out, err := exec.CommandContext(ctx, spec.needs, "--version").Output(); err == nil {
			spec.note += " (" + spec.needs + " " + strings.TrimSpace(string(out)) + ")"
		}
	}
	if spec.pkg == "" {
		return nil
	}
	bin := filepath.Join(tmp, spec.name)
	if err := proc.Build(ctx, root, spec.pkg, bin); err != nil {
		return err
	}
	spec.argv = []string{bin}
	return nil
}

// workspaceRoot is the directory of the workbook's go.work.
func workspaceRoot() (string, error) {
	root := proc.WorkspaceRoot()
	if root == "" {
		return "", errors.New("compare mode builds the servers from the workbook: run it from inside the workbook, where go.work is")
	}
	return root, nil
}

// runServer starts spec on a free loopback port, loads it as cfg says and
// stops it.
func runServer(ctx context.Context, spec serverSpec, cfg load.Config, tmp string, pin pinning) (*load.Result, error) {
	addr, err := proc.FreeAddr()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(tmp, fmt.Sprintf("%s-%s.log", spec.name, cfg.Mode))
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(spec.argv[0], append(spec.argv[1:], "-addr", addr)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	if err := pin.start(cmd); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	var exitErr error // set before exited is closed
	go func() {
		exitErr = cmd.Wait()
		close(exited)
	}()
	defer stopServer(cmd, exited)

	wait, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	if err := proc.WaitListening(wait, addr, exited); err != nil {
		switch {
		case errors.Is(err, proc.ErrExited):
			err = fmt.Errorf("the server exited before it listened (%v)", exitErr)
		case ctx.Err() == nil:
			err = fmt.Errorf("nothing listened on %s within %v", addr, startupTimeout)
		}
		return nil, fmt.Errorf("%w\n%s", err, tail(logPath))
	}
	cfg.Addr = addr
	if runtime.GOOS == "linux" {
		cfg.PID = cmd.Process.Pid // for its memory, or its CPU time
	}
	r, err := measure(ctx, cfg, spec.name)
	if err != nil {
		return nil, err
	}
	select {
	case <-exited:
		return r, fmt.Errorf("the server exited during the run (%v)\n%s", exitErr, tail(logPath))
	default:
	}
	return r, nil
}

// stopServer asks the server to stop with SIGTERM, as Ctrl+C would, and
// kills it if it has not exited within stopTimeout.
func stopServer(cmd *exec.Cmd, exited <-chan struct{}) {
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		cmd.Process.Kill()
	}
	select {
	case <-exited:
	case <-time.After(stopTimeout):
		cmd.Process.Kill()
		<-exited
	}
}

// tail returns the last lines of a server's log.
func tail(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	lines = lines[max(0, len(lines)-8):]
	return "server log, last lines:\n  " + strings.Join(lines, "\n  ")
}
