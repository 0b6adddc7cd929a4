package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test module builds on Linux only: each other system's mistake is
// found without compiling anything for it.
func TestCheckFindsEachSystemsErrors(t *testing.T) {
	t.Setenv("GOWORK", "off") // testdata/crossos is a module of its own
	for goos, want := range map[string]string{
		"linux":   "",
		"darwin":  "undefined: syscall.SOCK_CLOEXEC",
		"windows": `cannot use "not a number"`,
	} {
		t.Run(goos, func(t *testing.T) {
			problems, err := check("testdata/crossos", goos, []string{"./..."})
			require.NoError(t, err)
			if want == "" {
				assert.Empty(t, problems)
				return
			}
			require.Len(t, problems, 1, "each error is reported once")
			assert.Contains(t, problems[0], want)
		})
	}
}
