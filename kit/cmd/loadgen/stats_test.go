package main

import (
	"math"
	"strings"
	"testing"
	"time"

	"tcpworkbook/kit/load"
)

func TestRoundOrder(t *testing.T) {
	outs := make([]*outcome, 5)
	for i := range outs {
		outs[i] = &outcome{spec: serverSpec{name: string(rune('0' + i))}}
	}
	var got []string
	for round := range 7 {
		var b strings.Builder
		for _, o := range roundOrder(outs, round) {
			b.WriteString(o.spec.name)
		}
		got = append(got, b.String())
	}
	want := "01234 43210 12340 04321 23401 10432 34012"
	if strings.Join(got, " ") != want {
		t.Errorf("orders %v, want %s", got, want)
	}
	two := outs[:2]
	if a, b := roundOrder(two, 0)[0], roundOrder(two, 1)[0]; a == b {
		t.Errorf("with two servers, rounds 0 and 1 both start with %s", a.spec.name)
	}
}

// run is a ping-pong result of msgs messages a second for one second.
func run(msgs int64) *load.Result {
	return &load.Result{Elapsed: time.Second, Messages: msgs}
}

func TestPairedRatio(t *testing.T) {
	rate := (*load.Result).MsgsPerSec
	for _, tc := range []struct {
		name       string
		runs, base []*load.Result
		want       float64
	}{
		{"one round", []*load.Result{run(150)}, []*load.Result{run(100)}, 1.5},
		// The base's slow second round is met by an equally slow run.
		{"paired by round", []*load.Result{run(200), run(100), run(210)}, []*load.Result{run(200), run(100), run(200)}, 1},
		{"even count averages the middle two", []*load.Result{run(100), run(300)}, []*load.Result{run(100), run(100)}, 2},
		{"failed rounds are left out", []*load.Result{nil, run(50), run(60)}, []*load.Result{run(100), nil, run(100)}, 0.6},
		{"no common round", []*load.Result{nil, run(50)}, []*load.Result{run(100), nil}, 0},
	} {
		if got := pairedRatio(tc.runs, tc.base, rate); got != tc.want {
			t.Errorf("%s: pairedRatio = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPairedUserRatio(t *testing.T) {
	// cpuRun is a round of 1,000 messages that took the server user CPU time.
	cpuRun := func(user time.Duration) *load.Result {
		return &load.Result{Elapsed: time.Second, Messages: 1000, CPU: load.CPU{User: user, Sys: 2 * time.Millisecond}}
	}
	base := []*load.Result{cpuRun(10 * time.Millisecond), cpuRun(20 * time.Millisecond), cpuRun(10 * time.Millisecond)}
	// The second round's CPU time was not read (0): it is left out, and the
	// slow spell in the base's second round does not count.
	runs := []*load.Result{cpuRun(5 * time.Millisecond), cpuRun(0), cpuRun(6 * time.Millisecond)}
	if got := pairedRatio(runs, base, userPerMsg); math.Abs(got-0.55) > 1e-9 {
		t.Errorf("pairedRatio of user time = %v, want 0.55", got)
	}
}

func TestMedianSkipsFailedRounds(t *testing.T) {
	rate := (*load.Result).MsgsPerSec
	if got := median([]*load.Result{nil, run(3), run(1), nil, run(2)}, rate); got == nil || got.Messages != 2 {
		t.Errorf("median = %+v, want the run of 2", got)
	}
	if got := median([]*load.Result{nil, nil}, rate); got != nil {
		t.Errorf("median of failed rounds = %+v, want nil", got)
	}
	// costPerMsg must not trip over a failed round either.
	if got := costPerMsg([]*outcome{{pingPongs: []*load.Result{nil, run(5)}}}); got[0] != nil {
		t.Errorf("costPerMsg without CPU times = %+v, want nil", got[0])
	}
}
