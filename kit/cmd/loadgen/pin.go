package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// pinning is how compare mode shares the machine's CPUs between the server
// under test and the load generator.
//
// Unpinned, a Go server spreads over every CPU and competes with the load
// generator for them, while a single-threaded server (Node, Python) uses
// one CPU and leaves the rest to the load generator: the comparison then
// measures the scheduler as much as the servers. Pinned, every server gets
// exactly one CPU, and Go servers run with GOMAXPROCS=1 to match it; the
// load generator gets the others.
type pinning struct {
	server []int  // the CPU every server runs on; nil when not pinned
	load   []int  // the CPUs the load generator runs on
	why    string // when not pinned: why not
}

// planPinning decides the pinning for -pin mode: "auto" pins when it can,
// "on" insists, "off" does not pin.
func planPinning(mode string) (pinning, error) {
	switch mode {
	case "off":
		return pinning{why: "-pin off"}, nil
	case "auto", "on":
	default:
		return pinning{}, fmt.Errorf("-pin %q: want auto, on or off", mode)
	}
	cpus, err := allowedCPUs()
	if err == nil && len(cpus) < 2 {
		err = fmt.Errorf("pinning needs at least 2 CPUs, and this process may use %d", len(cpus))
	}
	if err != nil {
		if mode == "on" {
			return pinning{}, fmt.Errorf("-pin on: %w", err)
		}
		return pinning{why: err.Error()}, nil
	}
	// The server gets the last CPU: the first is where the kernel tends to
	// do its own housekeeping, and the load generator minds less.
	p := pinning{server: cpus[len(cpus)-1:], load: cpus[:len(cpus)-1]}
	if err := pinSelf(p.load); err != nil {
		if mode == "on" {
			return pinning{}, fmt.Errorf("-pin on: %w", err)
		}
		return pinning{why: err.Error()}, nil
	}
	// The runtime sized GOMAXPROCS from every CPU at start-up.
	runtime.GOMAXPROCS(len(p.load))
	return p, nil
}

func (p pinning) on() bool { return p.server != nil }

// String describes the pinning for the table's heading.
func (p pinning) String() string {
	if !p.on() {
		return "pinning: none (" + p.why + "); servers and loadgen share every CPU"
	}
	return fmt.Sprintf("pinning: each server on CPU %s (Go servers with GOMAXPROCS=1), loadgen on CPU %s (sched_setaffinity)",
		cpuList(p.server), cpuList(p.load))
}

// start starts cmd, on the server's CPU when pinned.
func (p pinning) start(cmd *exec.Cmd) error {
	if !p.on() {
		return cmd.Start()
	}
	cmd.Env = append(cmd.Env, "GOMAXPROCS="+strconv.Itoa(len(p.server)))
	return startPinned(cmd, p.server, p.load)
}

func cpuList(cpus []int) string {
	s := make([]string, len(cpus))
	for i, c := range cpus {
		s[i] = strconv.Itoa(c)
	}
	return strings.Join(s, ",")
}
