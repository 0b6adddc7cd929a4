package check

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"
)

// How much of the traffic and of each message a report shows.
const (
	maxEvents  = 24 // the most recent traffic lines
	maxShown   = 40 // bytes of one message in the traffic log
	maxRun     = 3  // consecutive sends (or receives) of one client shown one by one
	diffBefore = 16 // bytes shown before the first difference
	diffAfter  = 24 // and after it
)

type eventKind int

const (
	evNote eventKind = iota
	evSent
	evReceived
	evLog // a line of the server's log: in the traffic attribute, not the report's text
)

// event is one line of a case's traffic log. Only the start of a long
// message is kept: the log is for people, the comparison uses the real data.
type event struct {
	who  string
	kind eventKind
	text string // for notes
	data []byte // the first maxShown bytes
	n    int    // the full length
}

func (c *T) recordData(who string, kind eventKind, p []byte) {
	ev := dataEvent(who, kind, p)
	c.mu.Lock()
	render := c.render
	c.mu.Unlock()
	if render != nil {
		ev.text = render(p)
	}
	c.record(ev)
}

// RenderTraffic makes the traffic log show each message as f renders it,
// from all its bytes, instead of quoting its start: a protocol's suite
// shows "SET k v" where the bytes are "*3\r\n$3\r\nSET…". The caret
// under a wrong reply still points at the raw bytes. f must cope with
// half a message, since a read may end anywhere.
func (c *T) RenderTraffic(f func(p []byte) string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.render = f
}

// dataEvent logs a message, keeping only as much of it as a report shows.
func dataEvent(who string, kind eventKind, p []byte) event {
	return event{who: who, kind: kind, data: append([]byte(nil), p[:min(len(p), maxShown)]...), n: len(p)}
}

// failure is everything a report can say about one failed expectation.
type failure struct {
	headline string
	client   string // whose expectation failed
	got      []byte
	want     []byte
	compare  bool // show want against got
	detail   string
	err      error         // the network error, if any
	writing  bool          // the error came from a write
	wait     time.Duration // how long the read waited, if not ReadTimeout
}

// report renders f with the case's traffic, notes and TODO.
func (c *T) report(f failure) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n✗ %s: %s\n", c.name, f.headline)

	c.mu.Lock()
	log := append([]event(nil), c.log...)
	noteFuncs := append([]func() string(nil), c.notes...)
	c.failing = &f
	c.mu.Unlock()
	c.noticeCrossTalk(f, log)
	var notes []string
	for _, n := range noteFuncs {
		if s := n(); s != "" {
			notes = append(notes, s)
		}
	}

	if c.TB != nil && len(log) > 0 {
		c.Attr(AttrTraffic, trafficJSON(log))
	}
	log = slices.DeleteFunc(log, func(e event) bool { return e.kind == evLog })
	if len(log) > 0 {
		writeTraffic(&b, log, f.client)
	}
	if f.detail != "" {
		fmt.Fprintf(&b, "\n%s\n", f.detail)
	}
	if f.compare {
		fmt.Fprintf(&b, "\nWhat %s should have received, and what it got:\n", f.client)
		writeDiff(&b, f.got, f.want)
	}
	switch {
	case f.err != nil && isTimeout(f.err) && c.gaveUp.Load():
		b.WriteString("\nWhat happened: the server had already stopped (see below), so nothing more could arrive and the harness did not wait.\n")
	case f.err != nil:
		fmt.Fprintf(&b, "\nWhat happened: %s\n", explain(f.err, f.client, len(f.got), receivedBy(log, f.client), f.writing, max(f.wait, ReadTimeout)))
	}
	if d := c.diagnosis(); d != nil && d.Reading != "" {
		fmt.Fprintf(&b, "\nWhat this looks like: %s\n", d.Reading)
	}
	for _, n := range notes {
		fmt.Fprintf(&b, "\nAlso: %s\n", n)
	}
	if hand := c.tryByHand(log); hand != "" {
		b.WriteString(hand)
	}
	switch {
	case c.dependents == 1:
		b.WriteString("\nAlso: 1 later check builds on this one, and is skipped until it passes.\n")
	case c.dependents > 1:
		fmt.Fprintf(&b, "\nAlso: %d later checks build on this one, and are skipped until it passes.\n", c.dependents)
	}
	if line := c.todoLine(); line != "" {
		fmt.Fprintf(&b, "\n%s\n", line)
	}
	return b.String()
}

// writeTraffic prints the traffic log. When it is too long to read, and
// one client's expectation failed, only that client's lines are shown.
func writeTraffic(b *strings.Builder, log []event, focus string) {
	lines := summarize(log)
	if len(lines) > maxEvents && focus != "" {
		var mine []trafficLine
		for _, l := range lines {
			if l.who == focus {
				mine = append(mine, l)
			}
		}
		fmt.Fprintf(b, "\nTraffic of %s, oldest first (%d lines of other clients not shown):\n", focus, len(lines)-len(mine))
		lines = mine
	} else {
		b.WriteString("\nTraffic, oldest first:\n")
	}
	if skipped := len(lines) - maxEvents; skipped > 0 {
		fmt.Fprintf(b, "  … %d earlier lines not shown\n", skipped)
		lines = lines[skipped:]
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l.who))
	}
	for _, l := range lines {
		fmt.Fprintf(b, "  %-*s %s %s\n", width, l.who, l.arrow, l.text)
	}
}

type trafficLine struct{ who, arrow, text string }

// summarize turns the log into lines, folding a long run of sends (or
// receives) by one client into a single line so that bulk data does not
// bury the rest of the conversation.
func summarize(log []event) []trafficLine {
	var out []trafficLine
	for i := 0; i < len(log); {
		j := i + 1
		for j < len(log) && log[j].kind != evNote && log[j].kind == log[i].kind && log[j].who == log[i].who {
			j++
		}
		run := log[i:j]
		switch {
		case run[0].kind == evNote:
			out = append(out, trafficLine{run[0].who, " ", run[0].text})
		case len(run) <= maxRun:
			for _, ev := range run {
				out = append(out, trafficLine{ev.who, arrow(ev.kind), shown(ev)})
			}
		default:
			total := 0
			for _, ev := range run {
				total += ev.n
			}
			verb := "writes"
			if run[0].kind == evReceived {
				verb = "reads"
			}
			text := fmt.Sprintf("%d bytes in %d %s, starting %s", total, len(run), verb, shown(run[0]))
			out = append(out, trafficLine{run[0].who, arrow(run[0].kind), text})
		}
		i = j
	}
	return out
}

func arrow(k eventKind) string {
	if k == evSent {
		return "→"
	}
	return "←"
}

// shown quotes a logged message, saying how long it was when it was cut.
func shown(ev event) string {
	if ev.text != "" {
		return cut(ev.text)
	}
	if ev.n > len(ev.data) {
		return fmt.Sprintf("%s… (%d bytes)", quote(ev.data), ev.n)
	}
	return quote(ev.data)
}

// cut shortens a rendered message to about a line.
func cut(s string) string {
	const most = 100
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}

// Diff shows want above got with a caret under the first byte where they
// differ, as a failure report does. Use it in a Failf message.
func Diff(want, got []byte) string {
	var b strings.Builder
	writeDiff(&b, got, want)
	return strings.TrimRight(b.String(), "\n")
}

// writeDiff prints want above got with a caret under the first byte where
// they differ. Long data is shown as a window around that byte.
func writeDiff(b *strings.Builder, got, want []byte) {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	start := 0
	if i > diffBefore+8 {
		start = i - diffBefore
	}
	window := func(p []byte) string {
		// At least a short line's worth, so a 40-byte welcome shows whole.
		end := min(len(p), max(i+diffAfter, start+64))
		if start >= len(p) {
			return `""`
		}
		s := quote(p[start:end])
		if start > 0 {
			s = "…" + s
		}
		if end < len(p) {
			s += fmt.Sprintf("… (%d bytes)", len(p))
		}
		return s
	}
	fmt.Fprintf(b, "  expected: %s\n", window(want))
	if len(got) == 0 {
		b.WriteString("  received: nothing at all\n")
		return
	}
	fmt.Fprintf(b, "  received: %s\n", window(got))

	col := len("  received: ") + len(quote(got[start:i])) - 1 // the closing quote
	if start > 0 {
		col++ // the ellipsis is one column wide
	}
	var why string
	switch {
	case i == len(got):
		why = fmt.Sprintf("received ends here, after %d of %d bytes", len(got), len(want))
	default:
		why = fmt.Sprintf("first difference, at byte %d", i)
	}
	fmt.Fprintf(b, "%s^ %s\n", strings.Repeat(" ", col), why)
}

// Quote renders s as the reports render traffic: a Go string literal
// escaped byte by byte, so a bell is \x07, never \a. Use it for a line
// named in a message, so that it reads as it does in the traffic.
func Quote(s string) string { return quote([]byte(s)) }

// quote renders p as a Go string literal, escaping byte by byte so that
// the columns of two quoted strings line up until they differ.
func quote(p []byte) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range p {
		switch {
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// receivedBy counts the bytes who has received during the case.
func receivedBy(log []event, who string) int {
	total := 0
	for _, ev := range log {
		if ev.kind == evReceived && ev.who == who {
			total += ev.n
		}
	}
	return total
}

// explain turns a network error into a sentence a student can act on. got
// counts the bytes of the failed expectation, total all that who received.
func explain(err error, who string, got, total int, writing bool, wait time.Duration) string {
	switch {
	case isTimeout(err) && got == 0 && total > 0 && !writing:
		return fmt.Sprintf(msgSilentAfterSome, who, wait, total)
	case isTimeout(err) && got == 0 && !writing:
		return fmt.Sprintf(msgSilentFromStart, who, wait)
	case isTimeout(err) && writing:
		return fmt.Sprintf(msgWriteTimeout, who, ReadTimeout)
	case isTimeout(err):
		return fmt.Sprintf("timeout. %d bytes arrived, then nothing more for %v. Is your server stuck, or did it stop after one read or one line?", got, wait)
	case errors.Is(err, io.EOF) && total == 0:
		return "EOF. Your server closed the connection before sending anything back. Does the handler return (and close the connection) too early?"
	case errors.Is(err, io.EOF) && got == 0:
		return fmt.Sprintf("EOF. Your server closed the connection while %s was waiting for more (%d bytes had arrived before that).", who, total)
	case errors.Is(err, io.EOF):
		return fmt.Sprintf("EOF. Your server closed the connection after sending %d bytes, before everything expected had arrived.", got)
	case isReset(err):
		return msgReset
	case errors.Is(err, syscall.EPIPE):
		return fmt.Sprintf("broken pipe. The server had already closed the connection when %s wrote to it.", who)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused. Nothing is listening at that address: the server is not running, or it has closed its listener."
	case errors.Is(err, net.ErrClosed):
		return "the client's own connection was closed under it, most likely by the watchdog because the case ran too long."
	default:
		return err.Error()
	}
}

func isTimeout(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) }
