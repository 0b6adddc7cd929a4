package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fatih/color"

	"tcpworkbook/kit/load"
)

// result is a run of mode with msgs messages and bytes echoed in one
// second, and the server's CPU time.
func result(mode load.Mode, msgs, bytes int64, user, sys time.Duration) *load.Result {
	r := &load.Result{Elapsed: time.Second, Messages: msgs, Bytes: bytes, CPU: load.CPU{User: user, Sys: sys}}
	r.Mode, r.Conns, r.Size = mode, 50, 64
	return r
}

// fakeOutcomes are two servers over two rounds: the second does twice the
// first's messages and 1.5 times its stream, at half the memory, and
// spends 0.75 times the first's user CPU time on a message.
func fakeOutcomes() []*outcome {
	pp := func(msgs int64, user time.Duration) *load.Result {
		return result(load.PingPong, msgs, msgs*64, time.Duration(msgs)*user, time.Duration(msgs)*3*time.Microsecond)
	}
	st := func(mb int64) *load.Result { return result(load.Stream, mb, mb*1e6, 0, 0) }
	idle := func(kib int64) *load.Result {
		r := result(load.Idle, 1000, 0, 0, 0)
		r.Open, r.RSSBefore, r.RSSAfter = 1000, 1<<20, 1<<20+kib*1024*1000
		return r
	}
	return []*outcome{
		{spec: serverSpec{name: "base", note: "the baseline"}, pingPongs: []*load.Result{pp(1000, time.Microsecond), pp(1100, time.Microsecond)},
			streams: []*load.Result{st(100), st(100)}, idle: idle(8)},
		{spec: serverSpec{name: "fast", note: "a faster server"}, pingPongs: []*load.Result{pp(2000, 750*time.Nanosecond), pp(2200, 750*time.Nanosecond)},
			streams: []*load.Result{st(150), st(150)}, idle: idle(4), problems: []string{"stream: 1 errors; first: boom"}, errors: 1},
	}
}

func TestPrintCompare(t *testing.T) {
	color.NoColor = true
	cc := compareConfig{rounds: 2,
		pingPong: load.Config{Mode: load.PingPong, Conns: 50, Size: 64, Duration: time.Second},
		stream:   load.Config{Mode: load.Stream, Conns: 4, Size: 16 << 10, Duration: time.Second},
		idle:     load.Config{Mode: load.Idle, Conns: 1000, Duration: time.Second},
	}
	var out bytes.Buffer
	printCompare(&out, cc, pinning{}, fakeOutcomes())
	text := out.String()
	for _, want := range []string{
		"loadgen -compare",
		"ping-pong: 50 conns",
		"median of 2 rounds",
		"2.00×", // fast's ping-pong, paired by round
		"1.50×", // fast's stream
		"0.50×", // fast's idle memory
		"8.0",   // base's KiB per connection
		"round 2",
		"ping-pong, what one message cost each server",
		"fast: a faster server",
		"stream: 1 errors; first: boom",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the compare table lacks %q:\n%s", want, text)
		}
	}
}

func TestPrintCostUserRatio(t *testing.T) {
	color.NoColor = true
	outs := fakeOutcomes()
	var out bytes.Buffer
	printCost(&out, outs, costPerMsg(outs))
	lines := strings.Split(out.String(), "\n")
	if len(lines) < 4 {
		t.Fatalf("the cost table is too short:\n%s", out.String())
	}
	head, headEnds := columns(lines[1])
	var rows [][]string
	for _, line := range lines[2:4] {
		cells, ends := columns(line)
		if !slices.Equal(ends[1:], headEnds[1:]) { // the first column is left-aligned
			t.Errorf("a row's columns end at %v, its headings' at %v:\n%s", ends, headEnds, out.String())
		}
		rows = append(rows, cells)
	}
	want := map[string][]string{
		"user":   {"1.00µs", "0.75µs"},
		"user ×": {"1.00×", "0.75×"}, // paired by round, like ×
		"kernel": {"3.00µs", "3.00µs"},
	}
	for col, values := range want {
		i := slices.Index(head, col)
		for r, row := range rows {
			if i < 0 || len(row) != len(head) || row[i] != values[r] {
				t.Errorf("under %q %s shows %v, want %q:\n%s", col, outs[r].spec.name, row, values[r], out.String())
			}
		}
	}
	if !strings.Contains(out.String(), "user × is user µs/msg against base, paired by round") {
		t.Errorf("the cost table does not explain user ×:\n%s", out.String())
	}
}

// columns splits a table line into its cells, which are parted by two
// spaces or more, and returns where each ends, counted in runes.
func columns(line string) (cells []string, ends []int) {
	for _, m := range regexp.MustCompile(`\S+( \S+)*`).FindAllStringIndex(line, -1) {
		cells = append(cells, line[m[0]:m[1]])
		ends = append(ends, utf8.RuneCountInString(line[:m[1]]))
	}
	return cells, ends
}

func TestPrintCompareOneRound(t *testing.T) {
	color.NoColor = true
	outs := fakeOutcomes()
	for _, o := range outs {
		o.pingPongs, o.streams = o.pingPongs[:1], o.streams[:1]
	}
	var out bytes.Buffer
	printCompare(&out, compareConfig{rounds: 1}, pinning{}, outs)
	if strings.Contains(out.String(), "round by round") {
		t.Errorf("one round printed a round-by-round table:\n%s", out.String())
	}
}

func TestPrintRun(t *testing.T) {
	color.NoColor = true
	var out bytes.Buffer
	r := result(load.PingPong, 123456, 123456*64, 0, 0)
	r.Latency.Record(20 * time.Microsecond)
	printRun(&out, r)
	for _, want := range []string{"pingpong", "123,456", "7.9"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printRun lacks %q:\n%s", want, out.String())
		}
	}
	var idle bytes.Buffer
	printRun(&idle, result(load.Idle, 10, 0, 0, 0))
	if !strings.Contains(idle.String(), "give -pid") {
		t.Errorf("an idle run without -pid does not say how to get memory:\n%s", idle.String())
	}
}
