package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// barChart draws one horizontal bar per server, scaled to the largest.
func barChart(w io.Writer, title string, names []string, values []float64, format func(float64) string, lowerIsBetter bool) {
	if !slices.ContainsFunc(values, func(v float64) bool { return v > 0 }) {
		return // this run was not made
	}
	fmt.Fprintln(w, cyan.Sprint(title))
	top := 0.0
	nameWidth := 0
	for i, v := range values {
		top = max(top, v)
		nameWidth = max(nameWidth, utf8.RuneCountInString(names[i]))
	}
	const width = 40
	eighths := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	for i, v := range values {
		if v <= 0 || top == 0 {
			fmt.Fprintf(w, "  %-*s  %s\n", nameWidth, names[i], faint.Sprint("no result"))
			continue
		}
		units := int(v / top * width * 8)
		bar := strings.Repeat("█", units/8) + eighths[units%8]
		c := good
		if i > 0 && ((v < values[0]) != lowerIsBetter) && v != values[0] {
			c = bad
		} else if i == 0 {
			c = bold
		}
		fmt.Fprintf(w, "  %-*s  %s %s\n", nameWidth, names[i], c.Sprint(bar), format(v))
	}
}

// splitChart draws one bar per server in two parts, a (█) then b (░),
// scaled to the largest total.
func splitChart(w io.Writer, title string, names []string, a, b []float64) {
	top := 0.0
	nameWidth := 0
	for i := range a {
		top = max(top, a[i]+b[i])
		nameWidth = max(nameWidth, utf8.RuneCountInString(names[i]))
	}
	if top == 0 {
		return // this run was not made
	}
	fmt.Fprintln(w, cyan.Sprint(title))
	const width = 40
	for i := range a {
		if a[i]+b[i] == 0 {
			fmt.Fprintf(w, "  %-*s  %s\n", nameWidth, names[i], faint.Sprint("no result"))
			continue
		}
		ua := int(a[i]/top*width + 0.5)
		ub := int((a[i]+b[i])/top*width+0.5) - ua
		fmt.Fprintf(w, "  %-*s  %s%s %.2f\n", nameWidth, names[i],
			strings.Repeat("█", ua), faint.Sprint(strings.Repeat("░", ub)), a[i]+b[i])
	}
}
