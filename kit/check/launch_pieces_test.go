package check

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loggingConfig is a toy Config with a Log, as stages 05 and 07 have.
type loggingConfig struct{ log *slog.Logger }

func (cfg loggingConfig) Command() (string, []string)             { return "", nil }
func (cfg loggingConfig) Logger() *slog.Logger                    { return cfg.log }
func (cfg loggingConfig) WithLogger(l *slog.Logger) loggingConfig { cfg.log = l; return cfg }

// loggingServe logs a line, then echoes.
func loggingServe(ctx context.Context, ln net.Listener, cfg loggingConfig) error {
	if cfg.log != nil {
		cfg.log.Info("serving", "from", "the toy")
	}
	return echoServe(ctx, ln)
}

// TestLaunchGivesTheLog: a LoggingConfig's server, run in process, logs
// into the case's ServerLog, whose lines end a failure report; a logger
// the check chose is kept.
func TestLaunchGivesTheLog(t *testing.T) {
	t.Setenv(CommandEnv, "")
	f := fakeCase(t, 2, func(c *T) {
		Launch(c, loggingServe, loggingConfig{})
		alice := c.Dial("alice")
		alice.Send("x\n")
		alice.Expect("x\n")
		c.Failf("a toy failure")
	})
	assert.Contains(t, f.output(), "the server's log ended with:\n  | level=INFO msg=serving from=\"the toy\"")

	f = fakeCase(t, 2, func(c *T) {
		own, out := c.ServerLog()
		Launch(c, loggingServe, loggingConfig{log: own})
		alice := c.Dial("alice")
		alice.Send("x\n")
		alice.Expect("x\n") // Serve logged before it began to echo
		assert.Contains(c, out.String(), "msg=serving", "the check's own logger is the one the server got")
	})
	assert.False(t, f.Failed(), f.output())
}

// TestServerDone: Done is closed once Serve has returned, and Wait(0)
// then says what it returned.
func TestServerDone(t *testing.T) {
	f := fakeCase(t, 2, func(c *T) {
		s := c.Start(echoServe)
		select {
		case <-s.Done():
			c.Errorf("Done was closed before Serve returned")
		default:
		}
		s.Close()
		select {
		case <-s.Done():
			assert.NoError(c, s.Wait(0))
		case <-time.After(StopTimeout):
			c.Errorf("Done was not closed after the listener closed")
		}
	})
	assert.False(t, f.Failed(), f.output())
}

// TestLaunchCommand: the server runs as a process of its own, from the
// command WORKBOOK_CMD names; with no command and no package, the case is
// skipped, saying why.
func TestLaunchCommand(t *testing.T) {
	t.Setenv(CommandEnv, toyCommand(t))
	assert.False(t, ServerInProcess())
	Run(t, toyStage, []Case{{Name: "named", Run: func(c *T) {
		s := LaunchCommand(c, "", toyConfig{greeting: "a process"})
		require.NotNil(c, s.Cmd)
		c.Dial("alice").Expect("a process\n")
	}}})

	t.Setenv(CommandEnv, "")
	assert.True(t, ServerInProcess())
	f := fakeCase(t, 2, func(c *T) {
		LaunchCommand(c, "", toyConfig{})
		c.Errorf("not skipped")
	})
	assert.True(t, f.Skipped(), f.output())
	assert.Contains(t, f.output(), "no Go command is given for this server and WORKBOOK_CMD is not set")
}
