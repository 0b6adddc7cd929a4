// Package mutants holds known-wrong stage 02 servers, one per common
// mistake. The solutions' tests prove that the stage 02 suite rejects each
// one, with the check named next to it.
package mutants

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
)

// Server is one running configuration of a server: it serves ln until ln
// is closed.
type Server func(ln net.Listener) error

// Lines are the wrong line echo servers, by name.
var Lines = map[string]func(maxLine int) Server{
	"ignore-scanner-error": IgnoreScannerError,
	"keep-cr":              KeepCR,
	"never-flush":          NeverFlush,
	"drop-last-line":       DropLastLine,
	"read-whole-line":      ReadWholeLine,
	"read-is-line":         ReadIsLine,
}

// Counters are the wrong line counters, by name.
var Counters = map[string]func(maxLine int) Server{
	"store-lines":    StoreLines,
	"count-newlines": CountNewlines,
}

// Files are the wrong -file servers, by name.
var Files = map[string]func(path string) (Server, error){
	"shared-file":        SharedFile,
	"lazy-open":          LazyOpen,
	"blocking-file-open": BlockingFileOpen,
	"never-close-file":   NeverCloseFile,
	"read-whole-file":    ReadWholeFile,
}

// Roots are the wrong -root servers, by name.
var Roots = map[string]func(dir string) (Server, error){
	"join-paths":             JoinPaths,
	"local-join":             LocalJoin,
	"no-file-check":          NoFileCheck,
	"blocking-open":          BlockingOpen,
	"dir-check-only":         DirCheckOnly,
	"dir-left-open":          DirLeftOpen,
	"trailing-slash-invalid": TrailingSlashInvalid,
}

// serve is a correct accept loop; each mutant supplies a handler.
func serve(ln net.Listener, handle func(net.Conn)) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			handle(conn)
		}()
	}
}

// lineReader is a readLine: the next line from r without its line ending.
type lineReader func(r *bufio.Reader, maxLine int) ([]byte, error)

// lineServer is a correct line echo server around the given readLine, so
// that a mutant can get one detail of reading wrong.
func lineServer(maxLine int, readLine lineReader) Server {
	return func(ln net.Listener) error {
		return serve(ln, func(conn net.Conn) {
			r := bufio.NewReaderSize(conn, maxLine+2)
			w := bufio.NewWriter(conn)
			defer w.Flush()
			for {
				line, err := readLine(r, maxLine)
				if errors.Is(err, errTooLong) {
					w.WriteString("error: line too long\n")
					return
				}
				if err != nil {
					return
				}
				w.Write(line)
				w.WriteByte('\n')
				if r.Buffered() == 0 {
					w.Flush()
				}
			}
		})
	}
}

var errTooLong = errors.New("line too long")

// readLine is a correct readLine.
func readLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, errTooLong
	case errors.Is(err, io.EOF) && len(line) > 0:
	case err != nil:
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > maxLine {
		return nil, errTooLong
	}
	return line, nil
}

// counter is a correct line counter's handler around the given count.
func counter(count func(r *bufio.Reader) (int, error)) func(net.Conn) {
	return func(conn net.Conn) {
		n, err := count(bufio.NewReader(conn))
		if errors.Is(err, errTooLong) {
			io.WriteString(conn, "error: line too long\n")
			return
		}
		if err == nil {
			fmt.Fprintf(conn, "%d\n", n)
		}
	}
}
