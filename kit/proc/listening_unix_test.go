//go:build unix

package proc

import (
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListeningIn(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc here: ListeningIn is Listening")
	}
	addr := listen(t, "tcp", "127.0.0.1:0").Addr().String()
	assert.True(t, ListeningIn(addr, syscall.Getpgrp()), "this test's own group holds the listener")

	// A program in a group of its own: the same port is listened on, but
	// not by it, as when a stranger took the port a server was given.
	other := exec.Command("sleep", "30")
	other.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, other.Start())
	t.Cleanup(func() { other.Process.Kill(); other.Wait() })
	assert.False(t, ListeningIn(addr, other.Process.Pid), "someone else's listener is not the server's")
	assert.False(t, ListeningIn(heldPort(t), syscall.Getpgrp()), "a connection is not a listener")
}
