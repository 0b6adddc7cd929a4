package check

import (
	"testing"
	"time"
)

// A command that never listens must fail within the startup bound, and the
// failure must show what the command printed.
func TestCommandThatNeverListens(t *testing.T) {
	Mutants(t, []Mutant{
		{Name: "never-listens", Check: "start", Says: "cannot bind: port in use"},
		{Name: "exits-at-once", Check: "start", Says: "exited (exit status 3) before it listened"},
	}, func(t *testing.T, name string) {
		command := map[string]string{
			"never-listens": `sh -c 'echo "cannot bind: port in use" >&2; sleep 30'`,
			"exits-at-once": `sh -c 'exit 3'`,
		}[name]
		t.Setenv(CommandEnv, command)
		StartupTimeout = 500 * time.Millisecond
		Run(t, Stage{Name: "Kit"}, []Case{{Name: "start", Run: func(c *T) { Launch(c, nil, toyConfig{}) }}})
	})
}
