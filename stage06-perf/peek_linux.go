package perf

import (
	"syscall"
	"unsafe"
)

// peek copies the next byte waiting on socket fd into p without removing
// it and without blocking. It calls recvfrom directly because
// syscall.Recvfrom allocates room for a sender address, and this runs on
// every message.
func peek(fd uintptr, p []byte) error {
	_, _, errno := syscall.Syscall6(syscall.SYS_RECVFROM, fd,
		uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)),
		syscall.MSG_PEEK|syscall.MSG_DONTWAIT, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
