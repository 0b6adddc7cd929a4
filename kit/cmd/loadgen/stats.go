package main

import (
	"cmp"
	"slices"

	"tcpworkbook/kit/load"
)

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
