package run

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"

	"github.com/fatih/color"
)

// Handler is a slog.Handler for people watching a server in a terminal:
// one short line per record, coloured by what happened. Colour follows
// fatih/color, which turns it off when NO_COLOR is set or the output is
// not a terminal.
type Handler struct {
	mu    *sync.Mutex
	w     io.Writer
	attrs []slog.Attr
}

// NewHandler returns a Handler writing to w.
func NewHandler(w io.Writer) *Handler { return &Handler{mu: new(sync.Mutex), w: w} }

// Colours by the first word of the message, so that servers need no
// special API to get a readable log: "joined" is green, "left" is red.
var (
	arrive = color.New(color.FgGreen)
	depart = color.New(color.FgRed)
	notice = color.New(color.FgCyan)
	warn   = color.New(color.FgYellow)
	fail   = color.New(color.FgRed, color.Bold)
	faint  = color.New(color.Faint)
)

func pick(r slog.Record) *color.Color {
	switch {
	case r.Level >= slog.LevelError:
		return fail
	case r.Level >= slog.LevelWarn:
		return warn
	}
	word, _, _ := strings.Cut(r.Message, " ")
	switch word {
	case "connected", "joined", "accepted":
		return arrive
	case "disconnected", "left", "closed", "rejected":
		return depart
	case "renamed", "drained", "listening":
		return notice
	}
	return nil
}

// Enabled reports whether l is logged: Info and above.
func (h *Handler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }

// Handle writes one record as a single line.
func (h *Handler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(faint.Sprint(r.Time.Format("15:04:05.000")))
	b.WriteByte(' ')
	msg := r.Message
	if c := pick(r); c != nil {
		msg = c.Sprint(msg)
	}
	b.WriteString(msg)
	write := func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	}
	for _, a := range h.attrs {
		write(a)
	}
	r.Attrs(write)
	b.WriteByte('\n')

	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

// WithAttrs returns a Handler that adds attrs to every line.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &h2
}

// WithGroup is not supported: the workbook's servers log flat attributes.
func (h *Handler) WithGroup(string) slog.Handler { return h }
