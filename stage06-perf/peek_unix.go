//go:build unix

package perf

import "syscall"

// peek copies the next byte waiting on socket fd into p without removing
// it and without blocking.
func peek(fd uintptr, p []byte) error {
	_, _, err := syscall.Recvfrom(int(fd), p, syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	return err
}
