//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// ttyWidth is the width of the terminal on standard output, or 0.
func ttyWidth() int {
	ws, err := unix.IoctlGetWinsize(int(os.Stdout.Fd()), unix.TIOCGWINSZ)
	if err != nil {
		return 0
	}
	return int(ws.Col)
}
