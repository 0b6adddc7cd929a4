// Package demo runs a stage's reference server for a lecture hall: on
// every interface, with the lines students type to join printed for each
// address of the machine, and the server's own coloured log on the
// terminal. Ctrl+C stops it as it stops the servers themselves.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"tcpworkbook/kit/proc"
)

// Server is the program to demonstrate.
type Server struct {
	Stage   string   // for the banner: "03 chat"
	Package string   // the command's package, relative to Root: "./solutions/stage03-chat/cmd/chat"
	Args    []string // flags after -addr
	Join    string   // how students connect, HOST and PORT standing for the address; "" is nc and telnet
	Root    string   // the workspace root, where go build runs
	Port    int      // the port to listen on, on every interface
}

// Run builds s, starts it on every interface, prints how to join, and
// waits until it exits or ctx is done (Ctrl+C), passing the interrupt on
// so that the server shuts down the way it does under a terminal.
func Run(ctx context.Context, s Server, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "workbook-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "server")
	fmt.Fprintf(stdout, "Building %s ...\n", s.Package)
	if err := proc.Build(ctx, s.Root, s.Package, bin); err != nil {
		return err
	}

	addr := net.JoinHostPort("0.0.0.0", strconv.Itoa(s.Port))
	cmd := exec.Command(bin, append([]string{"-addr", addr}, s.Args...)...)
	// The server's log goes to its stderr, which is the terminal's when
	// ours is: its colours stay on.
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if f, ok := stderr.(*os.File); ok {
		cmd.Stderr = f
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	ready := make(chan struct{})
	readyCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	go func() {
		if proc.WaitListening(readyCtx, net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)), nil) == nil {
			close(ready)
		}
	}()
	select {
	case <-ready:
		ips, err := Addresses()
		if err != nil {
			fmt.Fprintf(stderr, "could not list this machine's addresses: %v\n", err)
		}
		Instructions(stdout, s.Stage, s.Join, s.Port, ips)
	case err := <-exited:
		return fmt.Errorf("the server exited before it listened on %s: %v", addr, err)
	case <-ctx.Done():
	}

	select {
	case err := <-exited:
		return err
	case <-ctx.Done():
		return stop(cmd, exited)
	}
}

// stop interrupts the server, then kills it if it has not exited within a
// few seconds, as a second Ctrl+C would.
func stop(cmd *exec.Cmd, exited <-chan error) error {
	_ = cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-exited:
		return cleanExit(err)
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		return errors.New("the server did not stop within 5s of Ctrl+C and was killed")
	}
}

// cleanExit treats an exit caused by our own interrupt as success.
func cleanExit(err error) error {
	var exit *exec.ExitError
	if errors.As(err, &exit) && !exit.Exited() {
		return nil // ended by the signal itself
	}
	return err
}
