//go:build unix

// Package crossos builds on Unix only: its Windows file has a type error,
// and its Unix file names a constant macOS does not have.
package crossos

import "syscall"

// cloexec is Linux's; macOS has no SOCK_CLOEXEC.
const cloexec = syscall.SOCK_CLOEXEC
