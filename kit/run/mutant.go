package run

import (
	"flag"
	"fmt"
	"maps"
	"slices"
)

// MutantFlag declares the -mutant flag of a command that runs one of a
// stage's known-wrong servers, and returns the function that looks up the
// chosen one once the flags are parsed. An unknown name is an error that
// lists the known ones.
func MutantFlag[S any](servers map[string]S) func() (S, error) {
	names := slices.Sorted(maps.Keys(servers))
	name := flag.String("mutant", "", fmt.Sprintf("which mutant to run: %v", names))
	return func() (S, error) {
		s, ok := servers[*name]
		if !ok {
			return s, fmt.Errorf("unknown -mutant %q; the mutants are %v", *name, names)
		}
		return s, nil
	}
}
