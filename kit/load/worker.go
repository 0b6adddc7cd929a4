package load

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"
)

// worker drives one connection.
type worker struct {
	id     int
	conn   net.Conn
	size   int
	end    time.Time     // zero: no time limit
	budget *atomic.Int64 // nil: no message limit
	prog   *Progress

	messages, bytes int64
	latency         Histogram
	err             error
}

// more reports whether another message should be sent.
func (w *worker) more() bool {
	if !w.end.IsZero() && !time.Now().Before(w.end) {
		return false
	}
	return w.budget == nil || w.budget.Add(-1) >= 0
}

// slack is how long past the end a connection may take to finish, before
// the server is declared stuck.
const slack = 10 * time.Second

// deadline is when the connection's reads and writes give up. Without a
// time limit it is pushed forward every few thousand messages.
func (w *worker) deadline() time.Time {
	if w.end.IsZero() {
		return time.Now().Add(slack)
	}
	return w.end.Add(slack)
}

func (w *worker) fail(err error) {
	w.err = err
	w.prog.Errors.Add(1)
}

// pingPong sends a message, waits for all of its echo, checks it, and
// goes again. The first eight bytes carry a sequence number, so an echo
// of an older message does not pass.
func (w *worker) pingPong() {
	out := pattern(w.id, w.size)
	in := make([]byte, w.size)
	var seq [8]byte
	w.conn.SetDeadline(w.deadline())
	for n := uint64(0); w.more(); n++ {
		if w.end.IsZero() && n%4096 == 4095 {
			w.conn.SetDeadline(w.deadline())
		}
		binary.LittleEndian.PutUint64(seq[:], n)
		copy(out, seq[:])
		start := time.Now()
		if _, err := w.conn.Write(out); err != nil {
			w.fail(err)
			return
		}
		if _, err := io.ReadFull(w.conn, in); err != nil {
			w.fail(err)
			return
		}
		w.latency.Record(time.Since(start))
		if !bytes.Equal(in, out) {
			w.fail(mismatch(in, out, int64(n)*int64(w.size)))
			return
		}
		w.messages++
		w.bytes += int64(w.size)
		w.prog.Done.Add(1)
	}
}

// ring is how many stream writes' start times are remembered for latency.
const ring = 4096

// stream writes from one goroutine and reads and checks the echo from
// another. When the time or the budget is up, the writer half-closes and
// the reader reads the rest, until the server's EOF.
func (w *worker) stream() {
	// The byte at stream offset x is pat[x%period]; pat runs on for Size
	// more bytes, repeating itself, so every write is one slice of it.
	const period = 4093 // prime, so the pattern drifts against Size
	pat := pattern(w.id, period)
	for len(pat) < period+w.size {
		pat = append(pat, pat[:min(period, period+w.size-len(pat))]...)
	}
	sentAt := make([]atomic.Int64, ring)
	var written atomic.Int64 // bytes fully written
	wrote := make(chan error, 1)
	w.conn.SetDeadline(w.deadline())

	go func() {
		var off int64
		for k := 0; w.more(); k++ {
			if w.end.IsZero() && k%1024 == 1023 {
				w.conn.SetWriteDeadline(w.deadline())
			}
			sentAt[k%ring].Store(time.Now().UnixNano())
			i := int(off % int64(period))
			n, err := w.conn.Write(pat[i : i+w.size])
			off += int64(n)
			written.Store(off)
			if err != nil {
				wrote <- err
				return
			}
		}
		wrote <- w.conn.(interface{ CloseWrite() error }).CloseWrite()
	}()

	buf := make([]byte, 64<<10)
	var got int64
	var readErr error
	for {
		if w.end.IsZero() {
			w.conn.SetReadDeadline(w.deadline())
		}
		n, err := w.conn.Read(buf)
		for p := buf[:n]; len(p) > 0; {
			i := int((got) % int64(period))
			k := min(len(p), w.size)
			if !bytes.Equal(p[:k], pat[i:i+k]) {
				readErr = mismatch(p[:k], pat[i:i+k], got)
				break
			}
			// Each write that is now fully echoed gives one latency sample.
			before, after := got/int64(w.size), (got+int64(k))/int64(w.size)
			for c := before; c < after; c++ {
				w.latency.Record(time.Duration(time.Now().UnixNano() - sentAt[c%ring].Load()))
				w.messages++
				w.prog.Done.Add(1)
			}
			got += int64(k)
			p = p[k:]
		}
		if readErr != nil {
			break
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			readErr = err
			break
		}
	}
	if readErr != nil {
		w.conn.Close() // unblock the writer
	}
	werr := <-wrote
	w.bytes = got
	switch {
	case readErr != nil:
		w.fail(readErr)
	case werr != nil:
		w.fail(werr)
	case got != written.Load():
		w.fail(fmt.Errorf("wrote %d bytes but %d came back before EOF", written.Load(), got))
	}
}
