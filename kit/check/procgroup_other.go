//go:build !unix

package check

import (
	"os/exec"
	"syscall"
)

// ownGroup does nothing here: process groups are a Unix idea. The checks
// that run the server in the test's own process do not need them; an
// external command (WORKBOOK_CMD) is only supported on Unix.
func ownGroup(*exec.Cmd) {}

// signalGroup signals the command itself. Outside Unix only a kill can be
// delivered to another process; other signals return an error, and the
// caller's fallback to SIGKILL ends the command.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	if sig == syscall.SIGKILL {
		return cmd.Process.Kill()
	}
	return cmd.Process.Signal(sig)
}
