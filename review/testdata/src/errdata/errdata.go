// Package errdata holds the cases of error-before-data.
package errdata

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
)

var errTooLong = errors.New("line too long")

func nIgnored(conn net.Conn) {
	buf := make([]byte, 1024)
	for {
		_, err := conn.Read(buf) // want `^error-before-data: n from Read is thrown away: only buf\[:n\] holds new bytes`
		if err != nil {
			return
		}
		conn.Write(buf) // want `^write-error-ignored`
	}
}

func wholeBuffer(rw io.ReadWriter) error {
	buf := make([]byte, 1024)
	for {
		n, err := rw.Read(buf)
		if n > 0 {
			if _, err := rw.Write(buf); err != nil { // want `writes all of buf, not buf\[:n\]`
				return err
			}
		}
		if err != nil {
			return err
		}
	}
}

func errFirst(rw io.ReadWriter) error {
	buf := make([]byte, 1024)
	for {
		n, err := rw.Read(buf)
		if err != nil { // want `this test of err leaves before n is used: a Read can return data and io.EOF together`
			return err
		}
		if _, err := rw.Write(buf[:n]); err != nil {
			return err
		}
	}
}

func dropLastLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return nil, errTooLong
	}
	if err != nil { // want `this test of err leaves before line is used: ReadSlice returns a last line without "\\n" together with io.EOF`
		return nil, err
	}
	return line, nil
}

func dropLastLineSwitch(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	switch {
	case errors.Is(err, io.EOF): // want `ReadString returns a last line`
		return "", err
	case err != nil:
		return "", err
	}
	return line, nil
}

// The cases below must give no finding.

func dataFirst(rw io.ReadWriter) error {
	buf := make([]byte, 1024)
	for {
		n, err := rw.Read(buf)
		if n > 0 {
			if _, werr := rw.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func readLine(r *bufio.Reader, max int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, errTooLong
	case errors.Is(err, io.EOF) && len(line) > 0:
	case err != nil:
		return nil, err
	}
	if len(line) > max {
		return nil, errTooLong
	}
	return line, nil
}

// borrowed reads into a pooled buffer, shortens it to n, then writes it.
func borrowed(conn net.Conn, buf *[]byte) error {
	n, err := conn.Read(*buf)
	*buf = (*buf)[:n]
	if _, werr := conn.Write(*buf); werr != nil {
		return werr
	}
	return err
}

// inMemory reads a bytes.Reader, which never returns data with an error.
func inMemory(b []byte) int {
	r := bytes.NewReader(b)
	p := make([]byte, 4)
	n, err := r.Read(p)
	if err != nil {
		return 0
	}
	return n
}

// skip drops the rest of a long line on purpose: its data is not wanted.
func skip(r *bufio.Reader) error {
	for {
		_, err := r.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}
