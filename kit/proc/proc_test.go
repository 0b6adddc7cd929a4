package proc

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listen listens on a fresh loopback port until the test ends.
func listen(t *testing.T, network, addr string) net.Listener {
	t.Helper()
	ln, err := net.Listen(network, addr)
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	return ln
}

// heldPort is a loopback address whose port is taken, by the local end of
// a connection, but where nothing listens, for as long as the test runs.
func heldPort(t *testing.T) string {
	t.Helper()
	ln := listen(t, "tcp", "127.0.0.1:0")
	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn.LocalAddr().String()
}

func TestFreeAddr(t *testing.T) {
	addr, err := FreeAddr()
	require.NoError(t, err)
	host, port, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
	assert.NotEqual(t, "0", port)
	assert.False(t, Listening(addr), "the port is free again once FreeAddr returns")
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err, "the caller can bind it")
	ln.Close()
}

func TestListening(t *testing.T) {
	ln := listen(t, "tcp", "127.0.0.1:0")
	assert.True(t, Listening(ln.Addr().String()))
	assert.False(t, Listening(heldPort(t)), "a port a connection holds is not a listener")
	assert.False(t, Listening("no port here"))
	assert.False(t, Listening("127.0.0.1:no-such-port"))
}

func TestListeningIPv6(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	defer ln.Close()
	assert.True(t, Listening(ln.Addr().String()))
}

func TestListeners(t *testing.T) {
	if _, err := os.Stat("/proc/net/tcp"); err != nil {
		t.Skip("no /proc/net/tcp here: Listening dials instead")
	}
	ln := listen(t, "tcp", "127.0.0.1:0")
	inodes, ok := listeners(ln.Addr().String())
	assert.True(t, ok)
	assert.Len(t, inodes, 1, "the kernel's table lists the listener, and no probe connection was made")

	inodes, ok = listeners(heldPort(t))
	assert.True(t, ok)
	assert.Empty(t, inodes, "an established connection is not LISTEN")

	_, ok = listeners("no port here")
	assert.False(t, ok, "an address without a port: the caller dials instead")
	_, ok = listeners("127.0.0.1:http")
	assert.False(t, ok, "a named port: the caller dials instead")
}

func TestWaitListening(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	ln := listen(t, "tcp", "127.0.0.1:0")
	assert.NoError(t, WaitListening(ctx, ln.Addr().String(), nil), "already listening")

	exited := make(chan struct{})
	close(exited)
	assert.ErrorIs(t, WaitListening(ctx, heldPort(t), exited), ErrExited)

	gone, stop := context.WithCancel(ctx)
	stop()
	assert.ErrorIs(t, WaitListening(gone, heldPort(t), nil), context.Canceled)
}

func TestWaitListeningForALateServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	addr, err := FreeAddr()
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() { errc <- WaitListening(ctx, addr, nil) }()
	listen(t, "tcp", addr) // before or after WaitListening's first look: either way it returns
	assert.NoError(t, <-errc)
}

func TestWorkspaceRoot(t *testing.T) {
	root := WorkspaceRoot()
	require.NotEmpty(t, root, "go test runs in kit/proc, inside the workspace")
	assert.FileExists(t, filepath.Join(root, "go.work"))
	wd, err := os.Getwd()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "kit", "proc"), wd)

	tmp, err := filepath.EvalSymlinks(t.TempDir())
	require.NoError(t, err)
	for dir := tmp; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			t.Skipf("%s holds a go.work: no directory here is outside a workspace", dir)
		}
		if dir == filepath.Dir(dir) {
			break
		}
	}
	t.Chdir(tmp)
	assert.Empty(t, WorkspaceRoot(), "no go.work at or above the current directory")

	nested := filepath.Join(tmp, "a", "b")
	require.NoError(t, os.MkdirAll(nested, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.work"), []byte("go 1.26\n"), 0o644))
	t.Chdir(nested)
	assert.Equal(t, tmp, WorkspaceRoot(), "the nearest go.work above")
}

// module writes a one-package module into a new directory.
func module(t *testing.T, main string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module tiny\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(main), 0o644))
	return dir
}

func TestBuild(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Setenv("GOWORK", "off") // the module is outside any workspace
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	dir := module(t, "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"tiny\") }\n")
	bin := filepath.Join(t.TempDir(), "tiny")
	require.NoError(t, Build(ctx, dir, ".", bin))
	out, err := exec.CommandContext(ctx, bin).Output()
	require.NoError(t, err)
	assert.Equal(t, "tiny\n", string(out))

	dir = module(t, "package main\n\nfunc main() { undefinedThing() }\n")
	err = Build(ctx, dir, ".", filepath.Join(t.TempDir(), "broken"))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "go build .: exit status 1\n"), "the error says what was built, then how it failed: %v", err)
	assert.Contains(t, err.Error(), "undefined: undefinedThing", "with the compiler's output")
	var exit *exec.ExitError
	assert.True(t, errors.As(err, &exit), "the go command's exit is wrapped")

	gone, stop := context.WithCancel(ctx)
	stop()
	assert.Error(t, Build(gone, dir, ".", filepath.Join(t.TempDir(), "never")), "a cancelled context builds nothing")
}
