package review

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeRow is a row of README.md's "What each analyzer finds" table:
// "| `eof-ignored` | 01–06 | …".
var readmeRow = regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| ([0-9–]+) \\|")

// TestReadmeStages: README.md's table has a row for every analyzer, and
// its stages column says what the analyzer's span in
// pitfalls/stage.go says.
func TestReadmeStages(t *testing.T) {
	md, err := os.ReadFile("README.md")
	require.NoError(t, err)
	rows := map[string]string{}
	for _, m := range readmeRow.FindAllStringSubmatch(string(md), -1) {
		rows[m[1]] = m[2]
	}
	for _, a := range All() {
		from, until := Stages(a)
		require.NotZero(t, from, "%s has no span in pitfalls/stage.go", PitfallName(a))
		want := fmt.Sprintf("%02d–%02d", from, until)
		if from == until {
			want = fmt.Sprintf("%02d", from)
		}
		assert.Equal(t, want, rows[PitfallName(a)], "README.md's stages for %s", PitfallName(a))
	}
	assert.Len(t, rows, len(All()), "README.md's table has a row for each analyzer and no other")
}
