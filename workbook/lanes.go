package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// trafficEvent is one line of a failure's traffic block: who, the arrow
// ("→" sent, "←" received, "" a note such as "connected") and the rest.
type trafficEvent struct{ who, arrow, text string }

// trafficLine reads one line of the block: "  alice → "hi\n"", or a note,
// "  alice   connected".
var trafficLine = regexp.MustCompile(`^  (\S+) +(?:(→|←) )?(.*)$`)

// decodeTraffic reads the traffic attribute a failing check records (the
// kit's AttrTraffic): ok is false when there is none.
func decodeTraffic(attr string) (events []trafficEvent, ok bool) {
	var entries []struct{ Who, Dir, Text string }
	if attr == "" || json.Unmarshal([]byte(attr), &entries) != nil {
		return nil, false
	}
	for _, e := range entries {
		events = append(events, trafficEvent{who: e.Who, arrow: e.Dir, text: e.Text})
	}
	return events, true
}

// parseTraffic reads the traffic block of a failure message: the indented
// lines after the line that starts "Traffic". A line that says earlier
// lines were left out is skipped.
func parseTraffic(lines []string) []trafficEvent {
	var out []trafficEvent
	in := false
	for _, l := range lines {
		if !in {
			in = strings.HasPrefix(l, "Traffic") && strings.HasSuffix(l, ":")
			continue
		}
		if !strings.HasPrefix(l, "  ") {
			break
		}
		if earlierLines.MatchString(l) {
			continue
		}
		if m := trafficLine.FindStringSubmatch(l); m != nil {
			out = append(out, trafficEvent{who: m[1], arrow: m[2], text: m[3]})
		}
	}
	return out
}

// Lanes are drawn for at most this many clients, and the last lastLanes
// lines of traffic.
const (
	maxLanes  = 5
	lastLanes = 12
	minLane   = 14 // the narrowest column worth drawing
)

// lanes draws traffic as one column per client, in time order, fitted to
// width: nil when fewer than two clients talk. Lines of someone who is not
// a client (the case itself, telling the server to stop) span the width.
func lanes(events []trafficEvent, width int) []string {
	var clients []string
	seen := map[string]bool{}
	for _, e := range events {
		if e.who != "case" && e.arrow != "log" && !seen[e.who] {
			seen[e.who] = true
			clients = append(clients, e.who)
		}
	}
	if len(clients) < 2 {
		return nil
	}
	shown := clients
	if len(shown) > maxLanes {
		shown = shown[:maxLanes]
	}
	col := max(minLane, (width-2)/len(shown))
	lane := map[string]int{}
	for i, c := range shown {
		lane[c] = i
	}
	if len(events) > lastLanes {
		events = events[len(events)-lastLanes:]
	}
	out := []string{"  " + strings.TrimRight(row(shown, col), " "), "  " + strings.Repeat("─", col*len(shown)-1)}
	for _, e := range events {
		text := e.arrow + " " + e.text
		if e.arrow == "" {
			text = "· " + e.text
		}
		i, ok := lane[e.who]
		switch {
		case e.arrow == "log":
			out = append(out, "  "+fit("   server log: "+e.text, col*len(shown)-1))
			continue
		case !ok && e.who == "case":
			out = append(out, "  "+fit("── "+e.text+" ", col*len(shown)-1))
			continue
		case !ok:
			continue // a client beyond the lanes shown
		}
		cells := make([]string, len(shown))
		cells[i] = text
		out = append(out, "  "+strings.TrimRight(row(cells, col), " "))
	}
	if len(clients) > len(shown) {
		out = append(out, "  … and "+strconv.Itoa(len(clients)-len(shown))+" more clients, left out here")
	}
	return out
}

// row lays cells out in columns of width col, each cut to fit.
func row(cells []string, col int) string {
	var b strings.Builder
	for _, c := range cells {
		c = fit(c, col-1)
		b.WriteString(c + strings.Repeat(" ", col-utf8.RuneCountInString(c)))
	}
	return b.String()
}

// fit cuts s to at most n runes, ending in "…" when cut.
func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// terminalWidth is the width to fit lanes to when the terminal's own is
// not known: $COLUMNS, or 100.
func terminalWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 40 {
		return n
	}
	return 100
}
