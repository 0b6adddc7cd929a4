//go:build !race

package perftest

// raceEnabled reports whether the race detector is on (go test -race).
const raceEnabled = false
