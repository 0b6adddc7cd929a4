package main

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// The sequence diagram's geometry, in SVG units.
const (
	seqLane   = 220 // between two lifelines
	seqRow    = 26  // between two events
	seqTop    = 40  // the names
	seqMargin = 20
	seqLabel  = 30 // the most characters of a message shown on its arrow
	seqMost   = 60 // the last events drawn
)

// sequenceSVG draws events as a sequence diagram: the server's lifeline
// first, then one per client; a sent message is an arrow to the server, a
// received one an arrow back, a note sits on its client's line and a log
// line on the server's. "" when there is nothing to draw.
func sequenceSVG(events []trafficEvent) template.HTML {
	if len(events) == 0 {
		return ""
	}
	if len(events) > seqMost {
		events = events[len(events)-seqMost:]
	}
	lanes := []string{"server"}
	x := map[string]int{"server": seqMargin + seqLane/2}
	for _, e := range events {
		if _, ok := x[e.who]; !ok && e.who != "case" && e.arrow != "log" {
			x[e.who] = seqMargin + seqLane/2 + len(lanes)*seqLane
			lanes = append(lanes, e.who)
		}
	}
	width := 2*seqMargin + len(lanes)*seqLane
	height := seqTop + (len(events)+1)*seqRow + seqMargin
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">`, width, height, width, height)
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
		`<path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>`)
	for _, name := range lanes {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-weight="bold">%s</text>`, x[name], seqTop-14, esc(name))
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#bbb" stroke-dasharray="4 3"/>`, x[name], seqTop-6, x[name], height-seqMargin)
	}
	for i, e := range events {
		y := seqTop + (i+1)*seqRow
		label := esc(fit(e.text, seqLabel))
		switch {
		case e.arrow == "→" || e.arrow == "←":
			from, to, colour := x[e.who], x["server"], "#0969da"
			if e.arrow == "←" {
				from, to, colour = to, from, "#1a7f37"
			}
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.5" marker-end="url(#arrow)"/>`, from, y, to, y, colour)
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="%s">%s</text>`, (from+to)/2, y-5, colour, label)
		case e.arrow == "log":
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#8250df">log: %s</text>`, x["server"]+6, y, label)
		case e.who == "case":
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#777" font-style="italic">— %s</text>`, seqMargin, y, esc(fit(e.text, 90)))
		default:
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#555">· %s</text>`, x[e.who]+6, y, label)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through esc
}

// esc escapes text for SVG.
func esc(s string) string { return html.EscapeString(s) }
