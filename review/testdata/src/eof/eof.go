// Package eof holds the cases of eof-ignored.
package eof

import (
	"bufio"
	"errors"
	"net"
	"os"
)

func spin(conn net.Conn) {
	buf := make([]byte, 512)
	for {
		n, err := conn.Read(buf)
		if n == 0 && err != nil { // want `^eof-ignored: continue on err retries a read that fails at once, forever`
			continue
		}
		if _, err := conn.Write(buf[:n]); err != nil {
			return
		}
	}
}

func blank(conn net.Conn) {
	buf := make([]byte, 512)
	for {
		n, _ := conn.Read(buf) // want `the error from conn.Read is thrown away in a loop`
		if _, err := conn.Write(buf[:n]); err != nil {
			return
		}
	}
}

func unchecked(r *bufio.Reader) {
	for i := 0; i < 3; i++ {
		r.ReadByte() // want `the error from r.ReadByte is thrown away in a loop`
	}
}

// The cases below must give no finding.

// timeouts retries a read that timed out, and stops on any other error.
func timeouts(conn net.Conn) error {
	buf := make([]byte, 512)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			if _, err := conn.Write(buf[:n]); err != nil {
				return err
			}
		}
		if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
			continue
		}
		if err != nil {
			return err
		}
	}
}

// once reads a single time: no loop to spin.
func once(conn net.Conn) int {
	buf := make([]byte, 512)
	n, _ := conn.Read(buf)
	return n
}

// lines ends at the first error, EOF included.
func lines(r *bufio.Reader) (int, error) {
	for n := 0; ; n++ {
		if _, err := r.ReadString('\n'); err != nil {
			return n, err
		}
	}
}
