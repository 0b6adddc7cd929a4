package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fatih/color"

	"tcpworkbook/kit/load"
)

// Colours follow fatih/color, which turns them off when NO_COLOR is set or
// stdout is not a terminal.
var (
	bold  = color.New(color.Bold)
	good  = color.New(color.FgGreen)
	bad   = color.New(color.FgRed)
	faint = color.New(color.Faint)
	cyan  = color.New(color.FgCyan)
)

// bar draws a progress bar on stderr while a run goes on, when stderr is a
// terminal.
type bar struct {
	quit, done chan struct{}
}

func startBar(label string, cfg load.Config) *bar {
	b := &bar{quit: make(chan struct{}), done: make(chan struct{})}
	if !isTerminal(os.Stderr) {
		close(b.done)
		return b
	}
	go func() {
		defer close(b.done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-b.quit:
				fmt.Fprint(os.Stderr, "\r\033[K")
				return
			case <-tick.C:
				fmt.Fprintf(os.Stderr, "\r\033[K%s", barLine(label, cfg))
			}
		}
	}()
	return b
}

func (b *bar) stop() {
	select {
	case <-b.quit:
	default:
		close(b.quit)
	}
	<-b.done
}

// barLine is one frame of the progress bar.
func barLine(label string, cfg load.Config) string {
	p := cfg.Progress
	head := fmt.Sprintf("%-14s %-8s ", label, cfg.Mode)
	started := p.Started.Load()
	if started == 0 {
		return head + fmt.Sprintf("connecting %s/%s", count(p.Connected.Load()), count(int64(cfg.Conns)))
	}
	elapsed := time.Since(time.Unix(0, started))
	frac := 0.0
	switch {
	case cfg.Duration > 0:
		frac = elapsed.Seconds() / cfg.Duration.Seconds()
	case cfg.Messages > 0:
		frac = float64(p.Done.Load()) / float64(cfg.Messages)
	}
	frac = min(max(frac, 0), 1)
	const width = 30
	full := int(frac * width)
	line := head + "[" + strings.Repeat("█", full) + strings.Repeat("░", width-full) + "]"
	line += fmt.Sprintf(" %3.0f%% %5.1fs", 100*frac, elapsed.Seconds())
	if cfg.Mode == load.Idle {
		line += fmt.Sprintf("  holding %s connections", count(p.Connected.Load()))
	} else {
		line += fmt.Sprintf("  %s msgs", count(p.Done.Load()))
	}
	if e := p.Errors.Load(); e > 0 {
		line += bad.Sprintf("  %d errors", e)
	}
	return line
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// printRun prints the result of one run as a small table.
func printRun(w io.Writer, r *load.Result) {
	t := table{head: []string{"mode", "conns", "size", "time"}}
	row := []cell{{text: string(r.Mode)}, {text: count(int64(r.Conns))}, {text: bytesText(int64(r.Size))}, {text: r.Elapsed.Round(10 * time.Millisecond).String()}}
	if r.Mode == load.Idle {
		t.head = append(t.head, "server RSS before", "RSS with conns", "per conn", "errors")
		row = append(row, cell{text: memText(r.RSSBefore, r.PID)}, cell{text: memText(r.RSSAfter, r.PID)}, cell{text: perConn(r)})
	} else {
		t.head = append(t.head, "msgs/s", "MB/s", "p50", "p99")
		row = append(row, cell{text: count(int64(r.MsgsPerSec()))}, cell{text: fmt.Sprintf("%.1f", r.MBPerSec())},
			cell{text: durText(r.Latency.Quantile(0.5))}, cell{text: durText(r.Latency.Quantile(0.99))})
		if r.PID != 0 {
			t.head = append(t.head, "server CPU", "CPU/msg", "in kernel")
			row = append(row, busyCell(r), cell{text: cpuPerMsgText(r)}, cell{text: kernelText(r)})
		}
		t.head = append(t.head, "errors")
	}
	row = append(row, errCell(r.Errors))
	t.rows = append(t.rows, row)
	t.print(w)
	if r.Mode == load.Idle && r.PID == 0 {
		fmt.Fprintln(w, faint.Sprint("(give -pid to report the server's memory)"))
	}
	if r.FirstErr != nil {
		fmt.Fprintln(w, bad.Sprint("first error: ", r.FirstErr))
	}
}

// busyCell is the share of a CPU the server used, marked when it was
// busy enough to have been the bottleneck.
func busyCell(r *load.Result) cell {
	if r.CPU.Total() == 0 {
		return cell{text: "-"}
	}
	c := cell{text: fmt.Sprintf("%.0f%%", 100*r.CPUBusy())}
	if r.CPUBusy() >= 0.9 {
		c.color = bold
	}
	return c
}

// cpuPerMsgText is the server's CPU time per message in microseconds.
func cpuPerMsgText(r *load.Result) string {
	if r.CPUPerMsg() == 0 {
		return "-"
	}
	return microsText(r.CPU.Total(), r.Messages)
}

// kernelText is the share of the server's CPU time spent in the kernel.
func kernelText(r *load.Result) string {
	if r.CPU.Total() == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*r.CPU.Sys.Seconds()/r.CPU.Total().Seconds())
}

func errCell(n int64) cell {
	if n == 0 {
		return cell{text: "0", color: good}
	}
	return cell{text: count(n), color: bad}
}

func perConn(r *load.Result) string {
	if r.MemPerConn() == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f KiB", r.MemPerConn()/1024)
}

func memText(b int64, pid int) string {
	if pid == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// cell is one table cell, optionally coloured.
type cell struct {
	text  string
	color *color.Color
}

// table prints rows in aligned columns: the first left-aligned, the rest
// right-aligned, as numbers read best.
type table struct {
	head []string
	rows [][]cell
}

func (t table) print(w io.Writer) {
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c.text))
		}
	}
	line := func(cells []cell) {
		var b strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c.text))
			text := c.text
			if c.color != nil {
				text = c.color.Sprint(text)
			}
			if i == 0 {
				b.WriteString(text + pad)
			} else {
				b.WriteString("  " + pad + text)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	head := make([]cell, len(t.head))
	for i, h := range t.head {
		head[i] = cell{text: h, color: bold}
	}
	line(head)
	for _, r := range t.rows {
		line(r)
	}
}

// count formats n with thousands separators: 1234567 is "1,234,567".
func count(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// durText rounds d to three significant digits.
func durText(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Microsecond:
		return d.String()
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", float64(d)/1e3)
	case d < time.Second:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}
