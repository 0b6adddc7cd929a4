//go:build !unix

package framingtest

import "errors"

// mkfifo reports that this system has no FIFOs to make.
func mkfifo(string) error { return errors.ErrUnsupported }

// unblockFIFO has nothing to do where there are no FIFOs.
func unblockFIFO(string) {}

// hangs is never asked where there are no FIFOs.
func hangs(string, string) bool { return false }
