package main

import (
	"os"
	"testing"
)

// TestMain runs the tests with the single-step runner: most replace
// newRunner with saved runs, and the two-step one (newStaged) would run
// the real go test beside them. The tests of the two steps set it
// themselves.
func TestMain(m *testing.M) {
	newStaged = nil
	os.Exit(m.Run())
}
