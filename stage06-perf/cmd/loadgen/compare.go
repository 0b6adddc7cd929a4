package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"tcpworkbook/stage06-perf/load"
)

// serverSpec is one server that compare mode can start.
type serverSpec struct {
	name  string
	pkg   string   // a Go package to build; its binary is the command
	argv  []string // the command, when there is nothing to build
	needs string   // a program that must be installed, or the server is skipped
	note  string   // what the server is, for the footnotes
}

// builtinNames are the servers compare mode knows, in the order it runs
// them. The first is the baseline for every ratio.
func builtinNames() []string {
	return []string{"stage01-ref", "stage06-ref", "stage06-yours", "node", "python"}
}

func builtins(root string) map[string]serverSpec {
	dir := filepath.Join(root, "stage06-perf", "compare")
	return map[string]serverSpec{
		"stage01-ref":   {pkg: "tcpworkbook/solutions/stage01-echo/cmd/echo", note: "the stage 01 reference (one goroutine, 1 KiB buffer per connection)"},
		"stage06-ref":   {pkg: "tcpworkbook/solutions/stage06-perf/cmd/perf", note: "the stage 06 reference"},
		"stage06-yours": {pkg: "tcpworkbook/stage06-perf/cmd/perf", note: "your stage06-perf, as it is now"},
		"node":          {argv: []string{"node", filepath.Join(dir, "echo.js")}, needs: "node", note: "stage06-perf/compare/echo.js, the lecture's Node.js server"},
		"python":        {argv: []string{"python3", filepath.Join(dir, "echo.py")}, needs: "python3", note: "stage06-perf/compare/echo.py, the lecture's asyncio server"},
	}
}

// parseServer reads a -server flag: name=command args.
func parseServer(s string) (serverSpec, error) {
	name, command, ok := strings.Cut(s, "=")
	argv := strings.Fields(command)
	if !ok || strings.TrimSpace(name) == "" || len(argv) == 0 {
		return serverSpec{}, fmt.Errorf("want name=command, got %q", s)
	}
	return serverSpec{name: strings.TrimSpace(name), argv: argv, note: command}, nil
}

type compareConfig struct {
	names, modes           []string
	rounds                 int
	pin                    string // -pin: auto, on or off
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

// median returns the run with the median value of f, or nil. With an
// even number of runs it returns the upper of the middle two: a run, not
// an average, because the table shows that run's latencies too.
func median(runs []*load.Result, f func(*load.Result) float64) *load.Result {
	sorted := slices.DeleteFunc(slices.Clone(runs), func(r *load.Result) bool { return r == nil })
	if len(sorted) == 0 {
		return nil
	}
	slices.SortFunc(sorted, func(a, b *load.Result) int { return cmp.Compare(f(a), f(b)) })
	return sorted[len(sorted)/2]
}

// pairedRatio compares runs with base round by round: the median, over
// the rounds both completed, of f(run) / f(base run). A shared machine
// drifts between faster and slower spells that last longer than one
// run; two servers measured in the same round met the same spell, so
// their ratio moves much less than either number. It returns 0 when no
// round has both.
func pairedRatio(runs, base []*load.Result, f func(*load.Result) float64) float64 {
	var ratios []float64
	for i := range min(len(runs), len(base)) {
		if runs[i] != nil && base[i] != nil && f(base[i]) > 0 && f(runs[i]) > 0 {
			ratios = append(ratios, f(runs[i])/f(base[i]))
		}
	}
	if len(ratios) == 0 {
		return 0
	}
	slices.Sort(ratios)
	mid := len(ratios) / 2
	if len(ratios)%2 == 0 {
		return (ratios[mid-1] + ratios[mid]) / 2
	}
	return ratios[mid]
}

// runCompare builds and starts each server in turn, on a free port, once
// per run, so that no two servers are ever loaded at the same time and
// each idle run starts from a fresh process.
func runCompare(ctx context.Context, cc compareConfig) error {
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

	known := builtins(root)
	var specs []serverSpec
	for _, name := range cc.names {
		spec, ok := known[name]
		if !ok {
			return fmt.Errorf("-servers: unknown server %q; known: %s", name, strings.Join(builtinNames(), ", "))
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
			fmt.Fprintf(os.Stderr, "%s %s: %v\n", faint.Sprint("skipping"), spec.name, err)
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
			fmt.Fprintf(os.Stderr, "%s %s %s: %v\n", bad.Sprint("failed"), j.o.spec.name, j.cfg.Mode, err)
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
		fmt.Fprintf(os.Stderr, "%s %-14s %s\n", faint.Sprintf("%d/%d", i+1, len(jobs)), j.o.spec.name, summary(r))
	}
	printCompare(os.Stdout, cc, pin, outcomes)
	return nil
}

// roundOrder is the order of the servers in a round: every other round
// runs the previous one backwards, and each pair of rounds starts one
// server further on. With five servers: 01234, 43210, 12340, 04321, …
func roundOrder(outs []*outcome, round int) []*outcome {
	start := (round / 2) % len(outs)
	order := append(slices.Clone(outs[start:]), outs[:start]...)
	if round%2 == 1 {
		slices.Reverse(order)
	}
	return order
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

// prepare builds a Go server, or checks that an interpreter is installed.
func prepare(ctx context.Context, spec *serverSpec, root, tmp string) error {
	if spec.needs != "" {
		if _, err := exec.LookPath(spec.needs); err != nil {
			return fmt.Errorf("%s is not installed", spec.needs)
		}
		if out, err := exec.CommandContext(ctx, spec.needs, "--version").Output(); err == nil {
			spec.note += " (" + spec.needs + " " + strings.TrimSpace(string(out)) + ")"
		}
	}
	if spec.pkg == "" {
		return nil
	}
	bin := filepath.Join(tmp, spec.name)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, spec.pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s failed: %v\n%s", spec.pkg, err, out)
	}
	spec.argv = []string{bin}
	return nil
}

// workspaceRoot is the directory of the workbook's go.work.
func workspaceRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOWORK").Output()
	work := strings.TrimSpace(string(out))
	if err != nil || work == "" || work == "off" {
		return "", errors.New("compare mode builds the servers from the workbook: run it from inside the workbook, where go.work is")
	}
	return filepath.Dir(work), nil
}

// runServer starts spec on a free loopback port, loads it as cfg says and
// stops it.
func runServer(ctx context.Context, spec serverSpec, cfg load.Config, tmp string, pin pinning) (*load.Result, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(tmp, fmt.Sprintf("%s-%s.log", spec.name, cfg.Mode))
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(spec.argv[0], append(spec.argv[1:], "-addr", addr)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	if err := pin.start(cmd); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stopServer(cmd, exited)

	if err := waitReady(ctx, addr, exited); err != nil {
		return nil, fmt.Errorf("%w\n%s", err, tail(logPath))
	}
	cfg.Addr = addr
	if runtime.GOOS == "linux" {
		cfg.PID = cmd.Process.Pid // for its memory, or its CPU time
	}
	r, err := measure(ctx, cfg, spec.name)
	if err != nil {
		return nil, err
	}
	select {
	case err := <-exited:
		exited <- err
		return r, fmt.Errorf("the server exited during the run (%v)\n%s", err, tail(logPath))
	default:
	}
	return r, nil
}

// freeAddr asks the kernel for a free loopback port. Another program could
// take it before the server binds it; then the server fails to start and
// says so.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitReady dials addr until the server accepts, it exits, or 15 seconds
// pass.
func waitReady(ctx context.Context, addr string, exited chan error) error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			return fmt.Errorf("the server exited before accepting a connection (%v)", err)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if conn, err := net.DialTimeout("tcp", addr, 500*time.Millisecond); err == nil {
			conn.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("nothing accepted connections on %s within 15s", addr)
}

// stopServer asks the server to stop with SIGTERM, as Ctrl+C would, and
// kills it if it has not exited within five seconds.
func stopServer(cmd *exec.Cmd, exited chan error) {
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		cmd.Process.Kill()
	}
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
}

// tail returns the last lines of a server's log.
func tail(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	lines = lines[max(0, len(lines)-8):]
	return "server log, last lines:\n  " + strings.Join(lines, "\n  ")
}

// printCompare prints the table, the charts and the footnotes.
func printCompare(w io.Writer, cc compareConfig, pin pinning, outs []*outcome) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, bold.Sprint("loadgen -compare"), faint.Sprint(time.Now().Format("2006-01-02 15:04")), machine())
	fmt.Fprintf(w, "ping-pong: %s conns × %s for %v; stream: %s conns × %s writes for %v; median of %d rounds; idle: %s conns held %v\n",
		count(int64(cc.pingPong.Conns)), bytesText(int64(cc.pingPong.Size)), cc.pingPong.Duration,
		count(int64(cc.stream.Conns)), bytesText(int64(cc.stream.Size)), cc.stream.Duration, cc.rounds,
		count(int64(cc.idle.Conns)), cc.idle.Duration)
	fmt.Fprintln(w, pin)
	fmt.Fprintln(w)

	metric := func(get func(*outcome) float64) []float64 {
		v := make([]float64, len(outs))
		for i, o := range outs {
			v[i] = get(o)
		}
		return v
	}
	pingPongs := make([]*load.Result, len(outs))
	for i, o := range outs {
		pingPongs[i] = median(o.pingPongs, (*load.Result).MsgsPerSec)
	}
	msgs := make([]float64, len(outs))
	for i, pp := range pingPongs {
		msgs[i] = rate(pp, (*load.Result).MsgsPerSec)
	}
	mbs := metric(func(o *outcome) float64 {
		return rate(median(o.streams, (*load.Result).MBPerSec), (*load.Result).MBPerSec)
	})
	mem := metric(func(o *outcome) float64 {
		if o.idle == nil {
			return 0
		}
		return o.idle.MemPerConn() / 1024
	})

	t := table{head: []string{"server", "ping-pong msgs/s", "×", "p50", "p99", "stream MB/s", "×", "idle KiB/conn", "×", "errors"}}
	for i, o := range outs {
		p50, p99 := "-", "-"
		if pp := pingPongs[i]; pp != nil {
			p50, p99 = durText(pp.Latency.Quantile(0.5)), durText(pp.Latency.Quantile(0.99))
		}
		t.rows = append(t.rows, []cell{
			{text: o.spec.name},
			{text: num(msgs[i], "%.0f")}, ratioCell(pairedRatio(o.pingPongs, outs[0].pingPongs, (*load.Result).MsgsPerSec), i == 0, false),
			{text: p50}, {text: p99},
			{text: num(mbs[i], "%.1f")}, ratioCell(pairedRatio(o.streams, outs[0].streams, (*load.Result).MBPerSec), i == 0, false),
			{text: num(mem[i], "%.1f")}, ratio(mem, i, true),
			errCell(o.errors),
		})
	}
	t.print(w)
	fmt.Fprintf(w, "%s\n\n", faint.Sprintf("values are each server's median round; ping-pong and stream × are the median, over rounds, of the ratio to %s in the same round", outs[0].spec.name))
	costs := costPerMsg(outs)
	printCost(w, outs, costs)
	if cc.rounds > 1 {
		printRounds(w, "ping-pong msgs/s, round by round", outs, func(o *outcome) []*load.Result { return o.pingPongs }, func(r *load.Result) string { return count(int64(r.MsgsPerSec())) })
		printRounds(w, "stream MB/s, round by round", outs, func(o *outcome) []*load.Result { return o.streams }, func(r *load.Result) string { return fmt.Sprintf("%.1f", r.MBPerSec()) })
	}

	names := make([]string, len(outs))
	for i, o := range outs {
		names[i] = o.spec.name
	}
	barChart(w, "ping-pong, messages per second (higher is better)", names, msgs, func(v float64) string { return count(int64(v)) }, false)
	barChart(w, "stream, MB/s echoed (higher is better)", names, mbs, func(v float64) string { return fmt.Sprintf("%.1f", v) }, false)
	barChart(w, "idle, server memory per connection in KiB (lower is better)", names, mem, func(v float64) string { return fmt.Sprintf("%.1f", v) }, true)
	costChart(w, names, costs)
	fmt.Fprintln(w)
	for _, o := range outs {
		fmt.Fprintf(w, "%s %s\n", faint.Sprint(o.spec.name+":"), o.spec.note)
		for _, p := range o.problems {
			fmt.Fprintf(w, "  %s\n", bad.Sprint(p))
		}
	}
}

// costPerMsg returns each server's median ping-pong round by CPU time per
// message, or nil where none was measured.
func costPerMsg(outs []*outcome) []*load.Result {
	runs := make([]*load.Result, len(outs))
	for i, o := range outs {
		var measured []*load.Result
		for _, r := range o.pingPongs {
			if r != nil && r.CPUPerMsg() > 0 {
				measured = append(measured, r)
			}
		}
		runs[i] = median(measured, func(r *load.Result) float64 { return float64(r.CPUPerMsg()) })
	}
	return runs
}

// printCost prints what a ping-pong message cost each server in CPU time.
// The message rate depends on the load generator as much as on the
// server; this does not, so it compares the servers themselves.
func printCost(w io.Writer, outs []*outcome, runs []*load.Result) {
	if !slices.ContainsFunc(runs, func(r *load.Result) bool { return r != nil }) {
		return // not measured: not Linux, or no ping-pong run
	}
	cpuPerMsg := func(r *load.Result) float64 { return float64(r.CPUPerMsg()) }
	fmt.Fprintln(w, bold.Sprint("ping-pong, what one message cost each server"), faint.Sprint("(median round by CPU/msg; × paired by round, as above)"))
	t := table{head: []string{"server", "server CPU", "CPU/msg", "×", "user", "kernel", "in kernel"}}
	for i, r := range runs {
		if r == nil {
			t.rows = append(t.rows, []cell{{text: outs[i].spec.name}, {text: "-"}, {text: "-"}, {text: "-"}, {text: "-"}, {text: "-"}, {text: "-"}})
			continue
		}
		t.rows = append(t.rows, []cell{
			{text: outs[i].spec.name}, busyCell(r), {text: cpuPerMsgText(r)},
			ratioCell(pairedRatio(outs[i].pingPongs, outs[0].pingPongs, cpuPerMsg), i == 0, true),
			{text: microsText(r.CPU.User, r.Messages)}, {text: microsText(r.CPU.Sys, r.Messages)}, {text: kernelText(r)},
		})
	}
	t.print(w)
	fmt.Fprintln(w, faint.Sprint("server CPU is the share of its one CPU the server used: near 100% means it, not the load generator, set the pace"))
	fmt.Fprintln(w)
}

// costChart draws each server's CPU time per ping-pong message, split
// into its own code (█) and the kernel's work on its behalf (░).
func costChart(w io.Writer, names []string, runs []*load.Result) {
	user := make([]float64, len(runs))
	sys := make([]float64, len(runs))
	for i, r := range runs {
		if r != nil && r.Messages > 0 {
			user[i] = micros(r.CPU.User, r.Messages)
			sys[i] = micros(r.CPU.Sys, r.Messages)
		}
	}
	splitChart(w, "ping-pong, server CPU µs per message: █ its own code, ░ the kernel (lower is better)", names, user, sys)
}

// micros is d spread over n messages, in microseconds.
func micros(d time.Duration, n int64) float64 {
	return float64(d) / float64(n) / float64(time.Microsecond)
}

// microsText is d spread over n messages, in microseconds, for a table.
func microsText(d time.Duration, n int64) string {
	return fmt.Sprintf("%.2fµs", micros(d, n))
}

// printRounds prints one row per server and one column per round, in
// the order the rounds ran.
func printRounds(w io.Writer, title string, outs []*outcome, runs func(*outcome) []*load.Result, format func(*load.Result) string) {
	if !slices.ContainsFunc(outs, func(o *outcome) bool {
		return slices.ContainsFunc(runs(o), func(r *load.Result) bool { return r != nil })
	}) {
		return // this run was not made
	}
	fmt.Fprintln(w, bold.Sprint(title))
	t := table{head: []string{"server"}}
	for i := range runs(outs[0]) {
		t.head = append(t.head, fmt.Sprintf("round %d", i+1))
	}
	for _, o := range outs {
		row := []cell{{text: o.spec.name}}
		for _, r := range runs(o) {
			if r == nil {
				row = append(row, cell{text: "-"})
			} else {
				row = append(row, cell{text: format(r)})
			}
		}
		t.rows = append(t.rows, row)
	}
	t.print(w)
	fmt.Fprintln(w)
}

func rate(r *load.Result, f func(*load.Result) float64) float64 {
	if r == nil || r.Elapsed == 0 {
		return 0
	}
	return f(r)
}

func num(v float64, format string) string {
	if v == 0 {
		return "-"
	}
	if format == "%.0f" {
		return count(int64(v))
	}
	return fmt.Sprintf(format, v)
}

// ratio is values[i] against the first server's value.
func ratio(values []float64, i int, lowerIsBetter bool) cell {
	if values[0] == 0 || values[i] == 0 {
		return cell{text: "-"}
	}
	return ratioCell(values[i]/values[0], i == 0, lowerIsBetter)
}

// ratioCell shows r, a ratio against the first server, coloured by
// whether it is better or worse; 0 means there is none.
func ratioCell(r float64, first, lowerIsBetter bool) cell {
	if r == 0 {
		return cell{text: "-"}
	}
	c := cell{text: fmt.Sprintf("%.2f×", r)}
	switch {
	case first:
	case (r > 1) != lowerIsBetter && r != 1:
		c.color = good
	default:
		c.color = bad
	}
	return c
}

// machine describes this computer for the table's heading.
func machine() string {
	cpu := runtime.GOARCH
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	kernel := ""
	if out, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = " " + string(bytes.TrimSpace(out))
	}
	return fmt.Sprintf("%s/%s%s, %d CPUs (%s), %s", runtime.GOOS, runtime.GOARCH, kernel, runtime.NumCPU(), cpu, runtime.Version())
}
