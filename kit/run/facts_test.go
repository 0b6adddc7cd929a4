package run

import (
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policy is a flag.Value that takes two words, as stage 05's policy does.
type policy string

func (p *policy) String() string { return string(*p) }

func (p *policy) Set(s string) error {
	if s != "reject" && s != "wait" {
		return flag.ErrHelp
	}
	*p = policy(s)
	return nil
}

// TestFacts: each kind of flag is declared from its facts with their
// default and range, says what -h says, and is passed as the command line
// that sets it.
func TestFacts(t *testing.T) {
	var (
		n   int
		d   time.Duration
		s   string
		pol policy
	)
	count := Int{Name: "facts-n", Usage: "how many `n`", Default: 4, Min: 1, Max: 9}
	wait := Duration{Name: "facts-d", Usage: "how `long`", Default: time.Second, Min: time.Millisecond, Max: time.Minute}
	path := String{Name: "facts-s", Usage: "a `path`"}
	choice := Value{Name: "facts-v", Usage: "the `policy`", Default: "reject"}
	count.Declare(&n)
	wait.Declare(&d)
	path.Declare(&s)
	choice.Declare(&pol)

	assert.Equal(t, 4, n, "an Int starts at its default")
	assert.Equal(t, time.Second, d, "a Duration starts at its default")
	assert.Equal(t, policy("reject"), pol, "a Value is set to its default")
	assert.Error(t, flag.Set("facts-n", "10"), "above Max is refused")
	assert.Error(t, flag.Set("facts-d", "0s"), "below Min is refused")
	assert.Error(t, flag.Set("facts-v", "drop"), "a Value refuses what its type refuses")
	require.NoError(t, flag.Set("facts-n", "9"))
	assert.Equal(t, 9, n)

	assert.Equal(t, "how many `n` (1 to 9)", flag.Lookup("facts-n").Usage, "the range is part of the usage")
	for f, want := range map[Flag]string{count: "4", wait: "1s", path: "", choice: "reject"} {
		assert.Equal(t, want, f.DefaultText(), "DefaultText of -%s, as -h prints it", f.FlagName())
		if want != "" {
			assert.Equal(t, want, flag.Lookup(f.FlagName()).DefValue, "-h's default of -%s", f.FlagName())
		}
	}

	assert.Equal(t, []string{"-facts-n", "3"}, count.Arg(3))
	assert.Equal(t, []string{"-facts-d", "1.5s"}, wait.Arg(1500*time.Millisecond))
	assert.Equal(t, []string{"-facts-s", "/tmp/x"}, path.Arg("/tmp/x"))
	assert.Equal(t, []string{"-facts-v", "wait"}, choice.Arg("wait"))
}

// A Value whose own type refuses its default is a mistake in the facts.
func TestValueDefaultRefused(t *testing.T) {
	var pol policy
	assert.Panics(t, func() { Value{Name: "facts-bad", Default: "drop"}.Declare(&pol) })
}
