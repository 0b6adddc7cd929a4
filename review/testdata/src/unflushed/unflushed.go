// Package unflushed holds the cases of unflushed-writer.
package unflushed

import (
	"bufio"
	"net"
	"os"
)

func neverFlushed(conn net.Conn) {
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn) // want `^unflushed-writer: w is written to but never flushed`
	for {
		line, err := r.ReadString('\n')
		w.WriteString(line)
		if err != nil {
			return
		}
	}
}

func flushedTooLate(conn net.Conn) error {
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	defer w.Flush()
	for { // want `this loop writes to w and then waits without flushing it`
		line, err := r.ReadString('\n')
		w.WriteString(line)
		if err != nil {
			return err
		}
	}
}

// relay is handed its writer; it waits on a channel between writes.
func relay(w *bufio.Writer, lines <-chan string) {
	for line := range lines { // want `this loop writes to w and then waits`
		w.WriteString(line)
	}
}

// The cases below must give no finding.

// echo flushes once no other line is waiting.
func echo(conn net.Conn) error {
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	for {
		line, err := r.ReadSlice('\n')
		w.Write(line)
		if err != nil {
			return w.Flush()
		}
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
}

// batches writes a batch in an inner loop that never waits, then flushes.
func batches(conn net.Conn, take func() []string) error {
	w := bufio.NewWriter(conn)
	for {
		lines := take()
		if lines == nil {
			return nil
		}
		for _, l := range lines {
			w.WriteString(l)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
}

// say flushes the writer it is handed.
func say(w *bufio.Writer, s string) error {
	w.WriteString(s)
	return w.Flush()
}

func greet(conn net.Conn, names <-chan string) error {
	w := bufio.NewWriter(conn)
	for name := range names {
		w.WriteString("hello ")
		if err := say(w, name); err != nil {
			return err
		}
	}
	return nil
}

// terminal writes to standard output, not a client.
func terminal(lines <-chan string) {
	w := bufio.NewWriter(os.Stdout)
	for l := range lines {
		w.WriteString(l)
	}
}

// handedOver returns its writer: the caller flushes it.
func handedOver(conn net.Conn) *bufio.Writer {
	w := bufio.NewWriter(conn)
	w.WriteString("welcome\n")
	return w
}
