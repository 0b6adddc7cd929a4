package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"tcpworkbook/kit/load"
)

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
	fmt.Fprintf(w, "%s\n\n", faint.Sprintf("values are each server's median round; ping-pong and stream × are the median, "+
		"over rounds, of the ratio to %s in the same round", outs[0].spec.name))
	costs := costPerMsg(outs)
	printCost(w, outs, costs)
	if cc.rounds > 1 {
		printRounds(w, "ping-pong msgs/s, round by round", outs, func(o *outcome) []*load.Result { return o.pingPongs },
			func(r *load.Result) string { return count(int64(r.MsgsPerSec())) })
		printRounds(w, "stream MB/s, round by round", outs, func(o *outcome) []*load.Result { return o.streams },
			func(r *load.Result) string { return fmt.Sprintf("%.1f", r.MBPerSec()) })
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
	t := table{head: []string{"server", "server CPU", "CPU/msg", "×", "user", "user ×", "kernel", "in kernel"}}
	for i, r := range runs {
		if r == nil {
			row := []cell{{text: outs[i].spec.name}}
			for range len(t.head) - 1 {
				row = append(row, cell{text: "-"})
			}
			t.rows = append(t.rows, row)
			continue
		}
		t.rows = append(t.rows, []cell{
			{text: outs[i].spec.name}, busyCell(r), {text: cpuPerMsgText(r)},
			ratioCell(pairedRatio(outs[i].pingPongs, outs[0].pingPongs, cpuPerMsg), i == 0, true),
			{text: microsText(r.CPU.User, r.Messages)},
			ratioCell(pairedRatio(outs[i].pingPongs, outs[0].pingPongs, userPerMsg), i == 0, true),
			{text: microsText(r.CPU.Sys, r.Messages)}, {text: kernelText(r)},
		})
	}
	t.print(w)
	fmt.Fprintln(w, faint.Sprint("server CPU is the share of its one CPU the server used: near 100% means it, not the load generator, set the pace"))
	fmt.Fprintln(w, faint.Sprintf("user × is user µs/msg against %s, paired by round: "+
		"it compares the servers' own code, leaving out the kernel's", outs[0].spec.name))
	fmt.Fprintln(w)
}

// userPerMsg is the server's user CPU time per message in microseconds,
// or 0 when it was not measured.
func userPerMsg(r *load.Result) float64 {
	if r.Messages == 0 {
		return 0
	}
	return micros(r.CPU.User, r.Messages)
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
