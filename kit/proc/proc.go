// Package proc is what the harness and the tools share for running a
// server as a separate program: building a Go command once, finding a free
// loopback port, and waiting until something listens there.
//
// It imports no testing code, so commands such as stage 06's load
// generator use it as well as the suites.
package proc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Build compiles the Go package pkg (an import path, or a path relative to
// dir) into the file out, running go build in dir. A failed build returns
// the compiler's output in the error.
func Build(ctx context.Context, dir, pkg, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = dir
	if text, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, strings.TrimRight(string(text), "\n"))
	}
	return nil
}

// FreeAddr returns a loopback address whose port is free now. Another
// program could take it before the caller binds it, but on a test machine
// that is rare, and the failure to bind is reported where it happens.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("no free loopback port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// ErrExited is returned by WaitListening when the program it waits for has
// exited before it listened.
var ErrExited = errors.New("the program exited before it listened")

// WaitListening waits until something listens on addr, until exited is
// closed (the program quit) or until ctx is done. The pause between looks
// grows from 1 ms, so a fast server is found at once.
func WaitListening(ctx context.Context, addr string, exited <-chan struct{}) error {
	for pause := time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		if Listening(addr) {
			return nil
		}
		select {
		case <-exited:
			return ErrExited
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
}

// Listening reports whether something listens on addr. Where the kernel
// lists its sockets (/proc/net/tcp on Linux) it looks there, so that no
// probe connection reaches the server: in a chat, even a probe would be
// announced to everyone. Elsewhere it dials.
func Listening(addr string) bool {
	if inodes, ok := listeners(addr); ok {
		return len(inodes) > 0
	}
	return dialable(addr)
}

// ListeningIn reports whether a process in the process group pgid (a
// server started as the leader of its own group, with its children)
// listens on addr. A port found free a moment ago can be taken by another
// program, such as a second test binary's server, before the server
// started for it binds it; then Listening would mistake the stranger for
// the server. Where /proc cannot say who holds a socket, it is Listening.
func ListeningIn(addr string, pgid int) bool {
	inodes, ok := listeners(addr)
	if !ok {
		return dialable(addr)
	}
	if len(inodes) == 0 {
		return false
	}
	held, ok := groupHolds(pgid, inodes)
	return held || !ok
}

func dialable(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// listeners returns the inodes of the listening sockets on addr's port,
// from /proc/net/tcp and /proc/net/tcp6. ok is false if neither can be
// read.
func listeners(addr string) (inodes []string, ok bool) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, false
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, false
	}
	want := fmt.Sprintf(":%04X", p)
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		ok = true
		for line := range strings.SplitSeq(string(data), "\n") {
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid
			// timeout inode ...; st 0A is LISTEN.
			f := strings.Fields(line)
			if len(f) > 9 && strings.HasSuffix(f[1], want) && f[3] == "0A" {
				inodes = append(inodes, f[9])
			}
		}
	}
	return inodes, ok
}

// groupHolds reports whether a process in the group pgid has one of the
// sockets open. ok is false when /proc shows no process's descriptors.
func groupHolds(pgid int, inodes []string) (held, ok bool) {
	if _, err := os.ReadDir("/proc/self/fd"); err != nil {
		return false, false
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return false, false
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !inGroup(pid, pgid) {
			continue
		}
		if holds(pid, inodes) {
			return true, true
		}
	}
	return false, true
}

// inGroup reads the process group from /proc/PID/stat, whose fifth field
// it is; the second, the command name in parentheses, may hold spaces.
func inGroup(pid, pgid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, found := strings.Cut(string(data), ") ")
	if !found {
		return false
	}
	f := strings.Fields(rest) // state ppid pgrp ...
	return len(f) > 2 && f[2] == strconv.Itoa(pgid)
}

// holds reports whether process pid has a descriptor on one of the sockets.
func holds(pid int, inodes []string) bool {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	fds, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join(dir, fd.Name()))
		if err != nil {
			continue
		}
		for _, inode := range inodes {
			if link == "socket:["+inode+"]" {
				return true
			}
		}
	}
	return false
}

// WorkspaceRoot is the nearest directory at or above the current one that
// holds go.work, or "" (the current directory) if there is none.
func WorkspaceRoot() string {
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
