// Package writeerr holds the cases of write-error-ignored.
package writeerr

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
)

func writer(conn net.Conn, out <-chan []byte) {
	for b := range out {
		conn.Write(b) // want `^write-error-ignored: the error of conn.Write is thrown away and the loop goes on`
	}
}

func flusher(conn net.Conn, lines <-chan string) {
	w := bufio.NewWriter(conn)
	for line := range lines {
		w.WriteString(line)
		w.Flush() // want `the error of w.Flush is thrown away`
	}
}

func printer(conn *net.TCPConn, lines []string) {
	for _, line := range lines {
		io.WriteString(conn, line) // want `the error of io.WriteString is thrown away`
	}
}

// relay writes each line to every client: a client whose write fails is
// to be dropped, while the loop goes on with the others.
func relay(conns []net.Conn, line []byte) {
	for _, c := range conns {
		c.Write(line) // want `^write-error-ignored: the error of c.Write is thrown away in a loop over clients: .* when a write fails, drop that client`
	}
	for i := range conns {
		fmt.Fprintf(conns[i], "%s", line) // want `the error of fmt.Fprintf is thrown away in a loop over clients`
	}
}

// replay writes many lines to one client: the inner loop goes on writing
// to the same one, so the message is the one-connection one.
func replay(conns []net.Conn, lines [][]byte) {
	for _, c := range conns {
		for _, line := range lines {
			c.Write(line) // want `the error of c.Write is thrown away and the loop goes on: once the client is gone`
		}
	}
}

// The cases below must give no finding.

// buffered writes into a bufio.Writer: it keeps the first error for Flush.
func buffered(conn net.Conn, lines []string) error {
	w := bufio.NewWriter(conn)
	for _, line := range lines {
		w.WriteString(line)
		fmt.Fprintf(w, "%d\n", len(line))
	}
	return w.Flush()
}

// farewell writes a last line and leaves: the connection is closing anyway.
func farewell(conn net.Conn, lines <-chan string) {
	for line := range lines {
		if line == "" {
			conn.Write([]byte("bye\n"))
			return
		}
		if _, err := conn.Write([]byte(line)); err != nil {
			return
		}
	}
}

// report prints to a terminal or a log, not a client.
func report(w io.Writer, counts []int) {
	for _, n := range counts {
		fmt.Fprintf(w, "%d\n", n)
		fmt.Fprintln(os.Stderr, n)
	}
}

// deliberate throws the error away in so many words.
func deliberate(conn net.Conn, out <-chan []byte) {
	for b := range out {
		_, _ = conn.Write(b)
	}
}

// busy tells each client over the limit so, and closes it: the next
// round of the loop is another client.
func busy(ln net.Listener, full func() bool) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if full() {
			io.WriteString(conn, "busy\n") // want `write-blocks-accept`
			conn.Close()
			continue
		}
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
}

// lastWord answers a bad line and closes, then waits for the writer.
func lastWord(conn net.Conn, lines <-chan string, done <-chan struct{}) {
	for line := range lines {
		if line == "" {
			conn.Write([]byte("error: empty line\n"))
			conn.Close()
			<-done
		}
	}
}

// logged looks at the error, logs it, and goes on writing for nobody.
func logged(conn net.Conn, out <-chan []byte) {
	for b := range out {
		if _, err := conn.Write(b); err != nil { // want `^write-error-ignored: the error of conn.Write is looked at, logged, and the loop goes on`
			fmt.Fprintln(os.Stderr, "write failed:", err)
		}
	}
}

// loggedAndLeft logs the error and stops: that is handling it.
func loggedAndLeft(conn net.Conn, out <-chan []byte) {
	for b := range out {
		if _, err := conn.Write(b); err != nil {
			fmt.Fprintln(os.Stderr, "write failed:", err)
			return
		}
	}
}

// remembered keeps the error for later, and the loop's condition ends it.
func remembered(conn net.Conn, out <-chan []byte) error {
	var werr error
	for b := range out {
		if werr != nil {
			continue
		}
		if _, err := conn.Write(b); err != nil {
			werr = err
		}
	}
	return werr
}
