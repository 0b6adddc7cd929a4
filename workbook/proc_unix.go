//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup puts go test and the test binaries it starts in a
// process group of their own, so that stopping the run stops all of them.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
