package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"tcpworkbook/kit/load"
)

// compareConfig is what -compare was asked to do.
type compareConfig struct {
	names, modes           []string
	rounds                 int
	pin                    string // -pin: auto, on or off
	tokio                  string // -tokio: the Tokio echo's Cargo project; "" for the default
	extra                  []serverSpec
	pingPong, stream, idle load.Config
}

// outcome is what one server did in each run.
type outcome struct {
	spec serverSpec
	// Each round's result, indexed by round; nil where a run failed.
	pingPongs, streams []*load.Result
	idle               *load.Result
	problems           []string
	errors             int64 // in all runs
}

// runCompare builds and starts each server in turn, on a free port, once
// per run, so that no two servers are ever loaded at the same time and
// each idle run starts from a fresh process. The table goes to out, and
// a line per run, and any server skipped or failed, to progress.
func runCompare(ctx context.Context, cc compareConfig, out, progress io.Writer) error {
	for _, cfg := range []load.Config{cc.pingPong, cc.stream, cc.idle} {
		if err := cfg.Check(); err != nil {
			return err
		}
	}
	if cc.rounds < 1 || cc.rounds > 20 {
		return fmt.Errorf("-rounds %d: want 1 to 20", cc.rounds)
	}
	for _, m := range cc.modes {
		if m != string(load.PingPong) && m != string(load.Stream) && m != string(load.Idle) {
			return fmt.Errorf("-modes: unknown mode %q; want pingpong, stream or idle", m)
		}
	}
	pin, err := planPinning(cc.pin)
	if err != nil {
		return err
	}
	root, err := workspaceRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "loadgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	tokio, err := tokioDir(root, cc.tokio)
	if err != nil {
		return err
	}
	known := builtins(root, tokio)
	var specs []serverSpec
	for _, name := range cc.names {
		spec, ok := known[name]
		if !ok {
			return fmt.Errorf("-servers: unknown server %q; known: %s", name, strings.Join(append(builtinNames(), extraNames()...), ", "))
		}
		spec.name = name
		specs = append(specs, spec)
	}
	specs = append(specs, cc.extra...)
	if len(specs) == 0 {
		return errors.New("no servers to compare")
	}

	var outcomes []*outcome
	for _, spec := range specs {
		o := &outcome{spec: spec, pingPongs: make([]*load.Result, cc.rounds), streams: make([]*load.Result, cc.rounds)}
		if err := prepare(ctx, &o.spec, root, tmp); err != nil {
			fmt.Fprintf(progress, "%s %s: %v\n", faint.Sprint("skipping"), spec.name, err)
			continue
		}
		outcomes = append(outcomes, o)
	}
	if len(outcomes) == 0 {
		return errors.New("none of the servers could be prepared")
	}
	// Round by round, so that a burst of other work on the machine hits
	// every server alike. The order changes from round to round, so that
	// no server always runs first, on a cold machine, or right after the
	// same neighbour. Idle memory does not vary, so it is measured once,
	// after the last round.
	type job struct {
		o     *outcome
		cfg   load.Config
		round int
	}
	var jobs []job
	for round := range cc.rounds {
		for _, o := range roundOrder(outcomes, round) {
			for _, cfg := range []load.Config{cc.pingPong, cc.stream, cc.idle} {
				if slices.Contains(cc.modes, string(cfg.Mode)) && (cfg.Mode != load.Idle || round == cc.rounds-1) {
					jobs = append(jobs, job{o, cfg, round})
				}
			}
		}
	}
	for i, j := range jobs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r, err := runServer(ctx, j.o.spec, j.cfg, tmp, pin)
		if err != nil {
			j.o.problems = append(j.o.problems, fmt.Sprintf("%s: %v", j.cfg.Mode, err))
			fmt.Fprintf(progress, "%s %s %s: %v\n", bad.Sprint("failed"), j.o.spec.name, j.cfg.Mode, err)
			continue
		}
		if r.FirstErr != nil {
			j.o.problems = append(j.o.problems, fmt.Sprintf("%s: %d errors; first: %v", j.cfg.Mode, r.Errors, r.FirstErr))
		}
		j.o.errors += r.Errors
		switch r.Mode {
		case load.PingPong:
			j.o.pingPongs[j.round] = r
		case load.Stream:
			j.o.streams[j.round] = r
		case load.Idle:
			j.o.idle = r
		}
		fmt.Fprintf(progress, "%s %-14s %s\n", faint.Sprintf("%d/%d", i+1, len(jobs)), j.o.spec.name, summary(r))
	}
	printCompare(out, cc, pin, outcomes)
	return nil
}

func summary(r *load.Result) string {
	switch r.Mode {
	case load.Idle:
		return fmt.Sprintf("idle      %s conns, %s per conn", count(int64(r.Open)), perConn(r))
	case load.Stream:
		return fmt.Sprintf("stream    %.1f MB/s", r.MBPerSec())
	}
	return fmt.Sprintf("pingpong  %s msgs/s", count(int64(r.MsgsPerSec())))
}
