package check

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
)

// How much of a server's log or output a report shows: its last lines,
// each cut to a readable width. Output keeps at most maxKept bytes.
const (
	maxOutputLines = 15
	maxOutputWidth = 200
	maxKept        = 64 << 10
)

// Output collects what a server writes (its log, or an external command's
// stdout and stderr) from any goroutine, keeping the most recent maxKept
// bytes, for failure reports and for checks that look at it.
type Output struct {
	mu      sync.Mutex
	buf     []byte
	partial []byte            // the start of a line not yet ended
	onLine  func(line string) // called with each whole line, if set
}

// Write keeps p; it never fails, so a server never blocks on its log.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	o.buf = append(o.buf, p...)
	if extra := len(o.buf) - maxKept; extra > 0 {
		o.buf = append(o.buf[:0], o.buf[extra:]...)
	}
	var lines []string
	if o.onLine != nil {
		o.partial = append(o.partial, p...)
		for {
			i := bytes.IndexByte(o.partial, '\n')
			if i < 0 {
				break
			}
			lines = append(lines, string(o.partial[:i]))
			o.partial = o.partial[i+1:]
		}
		if len(o.partial) > maxKept {
			o.partial = o.partial[:0] // a "line" this long is not a log line
		}
	}
	onLine := o.onLine
	o.mu.Unlock()
	for _, l := range lines {
		onLine(l)
	}
	return len(p), nil
}

// logInto makes each line written to o an event of c's traffic, from
// "server": the lanes show where in the conversation the server logged.
func (o *Output) logInto(c *T) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n atomic.Int64
	o.onLine = func(line string) {
		// A server that logs in a loop (a spinning accept loop, say)
		// must not fill the test's memory: keep the first lines only.
		switch k := n.Add(1); {
		case k < maxLogEvents:
			c.record(event{who: serverWho, kind: evLog, text: line})
		case k == maxLogEvents:
			c.record(event{who: serverWho, kind: evLog, text: "… more log lines, not kept here (the report's log shows its end)"})
		}
	}
}

// maxLogEvents is how many of a server's log lines one case's traffic
// keeps.
const maxLogEvents = 1000

// serverWho is who a server's log line is from, in the traffic.
const serverWho = "server"

// String is everything kept so far.
func (o *Output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return string(o.buf)
}

// Shown is the end of the output as a report shows it: the last lines,
// each behind "  | " and cut to a readable width, or "  (nothing)".
func (o *Output) Shown() string {
	lines := strings.Split(strings.TrimRight(o.String(), "\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return "  (nothing)"
	}
	var b strings.Builder
	if len(lines) > maxOutputLines {
		fmt.Fprintf(&b, "  | … %d earlier lines\n", len(lines)-maxOutputLines)
		lines = lines[len(lines)-maxOutputLines:]
	}
	for i, l := range lines {
		if len(l) > maxOutputWidth {
			l = l[:maxOutputWidth] + "…"
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("  | " + l)
	}
	return b.String()
}

// ServerLog returns a logger for a server run in-process, and the Output
// it writes to. Any failure report of the case ends with the last lines
// of that log.
func (c *T) ServerLog() (*slog.Logger, *Output) {
	out := new(Output)
	out.logInto(c)
	c.Note(func() string {
		if out.String() == "" {
			return ""
		}
		return "the server's log ended with:\n" + out.Shown()
	})
	return slog.New(TextHandler(out)), out
}

// TextHandler logs everything to w as text, without the time, which only
// makes a report longer.
func TextHandler(w io.Writer) slog.Handler {
	return slog.NewTextHandler(w, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	})
}
