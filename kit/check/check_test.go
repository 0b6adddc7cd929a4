package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShuffle: a seed permutes the checks within their groups, groups
// staying in place, and a check still comes after what it needs.
func TestShuffle(t *testing.T) {
	cases := []Case{{Name: "A/a"}, {Name: "A/b", Needs: []string{"A/a"}}, {Name: "A/c"}, {Name: "A/d"},
		{Name: "B/x"}, {Name: "B/y"}, {Name: "top"}}
	seen := map[string]bool{}
	for seed := range int64(20) {
		got := shuffle(cases, seed)
		var names []string
		for _, c := range got {
			names = append(names, c.Name)
		}
		require.Len(t, names, len(cases))
		assert.Less(t, slices.Index(names, "A/a"), slices.Index(names, "A/b"), "A/b needs A/a: %v", names)
		assert.Equal(t, "top", names[len(names)-1], "groups keep their place: %v", names)
		assert.ElementsMatch(t, []string{"B/x", "B/y"}, names[4:6])
		seen[strings.Join(names, ",")] = true
	}
	assert.Greater(t, len(seen), 3, "the seeds give different orders")
}
