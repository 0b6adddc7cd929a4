package check

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An external server for StartCommand and Launch: this test binary, run
// again as TestToyServerProcess with the flags a stage's server takes.

var (
	toyAddr     = flag.String("addr", "", "where TestToyServerProcess listens, when a test runs this binary as a server")
	toyGreeting = flag.String("toy-greeting", "", "a line TestToyServerProcess writes to each new client")
)

// TestToyServerProcess echoes on -addr until SIGINT.
func TestToyServerProcess(t *testing.T) {
	if *toyAddr == "" {
		t.Skip("runs only as the external server of the tests of StartCommand")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ln, err := net.Listen("tcp", *toyAddr)
	require.NoError(t, err)
	fmt.Fprintln(os.Stderr, "toy server listening on", ln.Addr())
	go func() { <-ctx.Done(); ln.Close() }()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			if *toyGreeting != "" {
				io.WriteString(conn, *toyGreeting+"\n")
			}
			io.Copy(conn, conn)
		}()
	}
}

// toyCommand is the command line that runs TestToyServerProcess.
func toyCommand(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	return fmt.Sprintf("'%s' '-test.run=^TestToyServerProcess$'", exe)
}

func TestStartCommand(t *testing.T) {
	command := toyCommand(t)
	var s *Server
	Run(t, toyStage, []Case{{Name: "external", Run: func(c *T) {
		c.LimitFiles(128)
		s = c.StartCommand(command, "-toy-greeting", "welcome")
		require.NotNil(c, s.Cmd)
		assert.Nil(c, s.Listener)
		assert.Equal(c, s.Addr, c.Addr)
		a := c.Dial("alice")
		a.Expect("welcome\n") // the flags reached the command
		a.Send("over the process line\n")
		a.Expect("over the process line\n")
		ok, _ := s.Returned()
		assert.False(c, ok)
	}}})
	require.NotNil(t, s)
	ok, err := s.Returned()
	assert.True(t, ok, "the case's end stopped the command")
	assert.NoError(t, err, "with SIGINT, which the toy server takes as the sign to return")
}

func TestSignalCommand(t *testing.T) {
	command := toyCommand(t)
	Run(t, toyStage, []Case{{Name: "signal", Run: func(c *T) {
		s := c.StartCommand(command)
		require.NoError(c, s.Signal(syscall.SIGINT))
		assert.NoError(c, s.Wait(time.Minute), "the toy server returns on SIGINT, and exits 0")
		assert.False(c, s.quitEarly(), "a signal asks the server to stop")
	}}})
}

// toyConfig configures the toy server: which of the stage's servers it
// is, and the greeting its -toy-greeting flag sets.
type toyConfig struct{ server, greeting string }

func (cfg toyConfig) Command() (string, []string) {
	if cfg.greeting == "" {
		return cfg.server, nil
	}
	return cfg.server, []string{"-toy-greeting", cfg.greeting}
}

// toyServe is echoServe, whatever its configuration.
func toyServe(ctx context.Context, ln net.Listener, _ toyConfig) error { return echoServe(ctx, ln) }

func TestLaunch(t *testing.T) {
	command := toyCommand(t)
	t.Setenv(CommandEnv, "")
	t.Setenv(CommandEnvFor("counter"), "")
	Run(t, toyStage, []Case{
		{Name: "in-process", Run: func(c *T) {
			s := Launch(c, toyServe, toyConfig{greeting: "unused"})
			assert.NotNil(c, s.Listener, "no command named: the Go code runs")
			s = Launch(c, toyServe, toyConfig{server: "counter"})
			assert.NotNil(c, s.Listener)
			ln := c.Listen()
			s = LaunchOn(c, ln, toyServe, toyConfig{})
			assert.Same(c, ln, s.Listener, "in process, the server gets the check's listener")
		}},
	})

	t.Setenv(CommandEnv, command)
	reached := false
	Run(t, toyStage, []Case{
		{Name: "command", Run: func(c *T) {
			s := Launch(c, toyServe, toyConfig{greeting: "from the command"})
			assert.NotNil(c, s.Cmd, "%s replaces the Go code", CommandEnv)
			c.Dial("alice").Expect("from the command\n")
		}},
		{Name: "own-listener", Run: func(c *T) {
			ln := c.Listen()
			s := LaunchOn(c, ln, toyServe, toyConfig{})
			assert.Nil(c, s.Listener, "a command opens its own listener")
			_, err := ln.Accept()
			assert.ErrorIs(c, err, net.ErrClosed, "the check's listener is closed")
		}},
		{Name: "named", Run: func(c *T) {
			Launch(c, toyServe, toyConfig{server: "counter"})
			reached = true
		}},
	})
	assert.False(t, reached, "a named server without a command of its own is skipped")

	t.Setenv(CommandEnvFor("counter"), command)
	Run(t, toyStage, []Case{{Name: "named", Run: func(c *T) {
		s := Launch(c, nil, toyConfig{server: "counter"})
		assert.NotNil(c, s.Cmd)
		c.Dial("alice").Send("hi\n")
	}}})
}

func TestStartCommandPortTaken(t *testing.T) {
	command := toyCommand(t)
	// The first port handed out is already someone else's listener, as
	// when another test binary's server took it first.
	stranger, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer stranger.Close()
	tries := 0
	defer func(pick func(*T) string) { pickAddr = pick }(pickAddr)
	pick := pickAddr
	pickAddr = func(c *T) string {
		tries++
		if tries == 1 {
			return stranger.Addr().String()
		}
		return pick(c)
	}
	Run(t, toyStage, []Case{{Name: "port-taken", Run: func(c *T) {
		s := c.StartCommand(command, "-toy-greeting", "mine")
		assert.NotEqual(c, stranger.Addr().String(), s.Addr, "the command runs again on another port")
		c.Dial("alice").Expect("mine\n")
	}}})
	assert.Equal(t, 2, tries)
}
