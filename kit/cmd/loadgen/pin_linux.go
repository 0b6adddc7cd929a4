package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// allowedCPUs lists the CPUs this process may run on.
func allowedCPUs() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("sched_getaffinity: %w", err)
	}
	return setList(&set), nil
}

func cpuSet(cpus []int) *unix.CPUSet {
	var set unix.CPUSet
	for _, c := range cpus {
		set.Set(c)
	}
	return &set
}

// pinSelf moves every thread of this process onto cpus. sched_setaffinity
// moves one thread at a time, and a thread the runtime starts meanwhile
// inherits its creator's CPUs, so it goes over /proc/self/task until a
// pass finds no thread it has not pinned yet.
func pinSelf(cpus []int) error {
	set := cpuSet(cpus)
	pinned := map[int]bool{}
	for range 20 {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return err
		}
		fresh := 0
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil || pinned[tid] {
				continue
			}
			fresh++
			err = unix.SchedSetaffinity(tid, set)
			if err != nil && !errors.Is(err, unix.ESRCH) { // ESRCH: it has exited
				return fmt.Errorf("sched_setaffinity: %w", err)
			}
			pinned[tid] = true
		}
		if fresh == 0 {
			return nil
		}
	}
	return errors.New("sched_setaffinity: threads kept appearing while pinning them")
}

// startPinned starts cmd on the server's CPUs. A new process inherits the
// CPUs of the thread that forks it, and Go forks on the calling goroutine's
// thread, so: lock this goroutine to its thread, move the thread to the
// server's CPUs, start, and move it back.
func startPinned(cmd *exec.Cmd, server, load []int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := unix.SchedSetaffinity(0, cpuSet(server)); err != nil {
		return fmt.Errorf("sched_setaffinity: %w", err)
	}
	err := cmd.Start()
	if err2 := unix.SchedSetaffinity(0, cpuSet(load)); err2 != nil && err == nil {
		err = fmt.Errorf("sched_setaffinity: %w", err2)
	}
	if err != nil {
		return err
	}
	// Check that the server really landed where it should.
	var got unix.CPUSet
	if err := unix.SchedGetaffinity(cmd.Process.Pid, &got); err == nil && got != *cpuSet(server) {
		cmd.Process.Kill()
		cmd.Wait()
		return fmt.Errorf("the server runs on CPUs %v, not %v", setList(&got), server)
	}
	return nil
}

func setList(set *unix.CPUSet) []int {
	var cpus []int
	for c := 0; len(cpus) < set.Count(); c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus
}
