//go:build !linux

package main

import (
	"errors"
	"os/exec"
)

var errNoAffinity = errors.New("CPU pinning uses Linux's sched_setaffinity, not available here")

func allowedCPUs() ([]int, error) { return nil, errNoAffinity }

func pinSelf([]int) error { return errNoAffinity }

func startPinned(*exec.Cmd, []int, []int) error { return errNoAffinity }
