package demo

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/proc"
)

func TestInstructionsNameEveryAddress(t *testing.T) {
	var b bytes.Buffer
	Instructions(&b, "03 chat", "", 9000, []net.IP{net.ParseIP("192.168.1.20"), net.ParseIP("fd00::5")})
	out := b.String()
	for _, want := range []string{
		"nc 192.168.1.20 9000", "telnet 192.168.1.20 9000",
		"nc fd00::5 9000", "telnet fd00::5 9000",
		"nc 127.0.0.1 9000", "port 9000",
	} {
		assert.Contains(t, out, want, "instructions lack %q:\n%s", want, out)
	}
}

func TestInstructionsWithAClient(t *testing.T) {
	var b bytes.Buffer
	Instructions(&b, "07 miniredis", "redis-cli -h HOST -p PORT", 6380, []net.IP{net.ParseIP("10.0.0.7")})
	out := b.String()
	assert.Contains(t, out, "redis-cli -h 10.0.0.7 -p 6380")
	assert.Contains(t, out, "redis-cli -h 127.0.0.1 -p 6380")
	assert.NotContains(t, out, "telnet", "a stage that names its client offers only that one")
}

func TestInstructionsWithoutANetwork(t *testing.T) {
	var b bytes.Buffer
	Instructions(&b, "01 echo", "", 8080, nil)
	assert.Contains(t, b.String(), "only this machine can join", "no word that only loopback works:\n%s", b.String())
}

func TestAddressesSkipLoopback(t *testing.T) {
	ips, err := Addresses()
	if err != nil {
		t.Skipf("cannot list addresses here: %v", err)
	}
	for _, ip := range ips {
		assert.False(t, ip.IsLoopback(), "%v is loopback", ip)
	}
}

// TestRunServesAndStops runs stage 01's reference the way -demo does,
// joins it over loopback, and stops it with the context, as Ctrl+C would.
func TestRunServesAndStops(t *testing.T) {
	root := proc.WorkspaceRoot()
	if root == "" || os.Getenv("GOWORK") == "off" {
		t.Skip("needs the workspace (go.work) to build the reference")
	}
	addr, err := proc.FreeAddr()
	require.NoError(t, err)
	_, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the server if the test ends early
	var out, log check.Output
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Server{Stage: "01 echo", Package: "./solutions/stage01-echo/cmd/echo", Root: root, Port: p}, &out, &log)
	}()
	deadline, stop := context.WithTimeout(context.Background(), time.Minute)
	defer stop()
	require.NoError(t, proc.WaitListening(deadline, addr, nil), "the demo never listened on %s\n%s%s", addr, out.String(), log.String())
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	require.NoError(t, err)
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	io.WriteString(conn, "hello\n")
	got := make([]byte, 6)
	_, err = io.ReadFull(conn, got)
	assert.NoError(t, err, "echo: got %q", got)
	assert.Equal(t, "hello\n", string(got), "echo")
	conn.Close()
	// The join lines come once Run has seen the server listen too.
	join := "nc 127.0.0.1 " + port
	for end := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), join) && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err, "Run\n%s", log.String())
	case <-time.After(10 * time.Second):
		require.Fail(t, "Run did not return after its context was cancelled")
	}
	assert.Contains(t, out.String(), join, "no join line for loopback:\n%s", out.String())
}
