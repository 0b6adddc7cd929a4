// Package mutants holds known-wrong stage 02 servers, one per common
// mistake. The solutions' tests prove that the stage 02 suite rejects each
// one, with the check named next to it.
package mutants

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	framing "tcpworkbook/solutions/stage02-framing"
	"tcpworkbook/stage02-framing/framingtest"
)

// Server is one running configuration of a server: it serves ln until ln
// is closed.
type Server func(ln net.Listener) error

// All maps each mutant's name, as framingtest.Manifest.Mutants and the
// framing-mutant command know it, to the suite's Impl with that one
// mistake: one of the stage's servers is wrong, and the others are the
// reference's.
var All = map[string]framingtest.Impl{
	"ignore-scanner-error":   linesOf(IgnoreScannerError),
	"keep-cr":                linesOf(KeepCR),
	"never-flush":            linesOf(NeverFlush),
	"drop-last-line":         linesOf(DropLastLine),
	"read-whole-line":        linesOf(ReadWholeLine),
	"read-is-line":           linesOf(ReadIsLine),
	"store-lines":            counterOf(StoreLines),
	"count-newlines":         counterOf(CountNewlines),
	"shared-file":            fileOf(SharedFile),
	"lazy-open":              fileOf(LazyOpen),
	"blocking-file-open":     fileOf(BlockingFileOpen),
	"reopen-blocks":          fileOf(ReopenBlocks),
	"never-close-file":       fileOf(NeverCloseFile),
	"read-whole-file":        fileOf(ReadWholeFile),
	"join-paths":             rootOf(JoinPaths),
	"local-join":             rootOf(LocalJoin),
	"no-file-check":          rootOf(NoFileCheck),
	"blocking-open":          rootOf(BlockingOpen),
	"dir-check-only":         rootOf(DirCheckOnly),
	"dir-left-open":          rootOf(DirLeftOpen),
	"trailing-slash-invalid": rootOf(TrailingSlashInvalid),
}

// linesOf, counterOf, fileOf and rootOf make the Impl whose line echo server,
// line counter, -file server or -root server is the mutant m.
func linesOf(m func(maxLine int) Server) framingtest.Impl {
	return replacing(framingtest.Lines, func(cfg framingtest.Config) (Server, error) { return m(cfg.MaxLine), nil })
}

func counterOf(m func(maxLine int) Server) framingtest.Impl {
	return replacing(framingtest.Counter, func(cfg framingtest.Config) (Server, error) { return m(cfg.MaxLine), nil })
}

func fileOf(m func(path string) (Server, error)) framingtest.Impl {
	return replacing(framingtest.File, func(cfg framingtest.Config) (Server, error) { return m(cfg.Path) })
}

func rootOf(m func(dir string) (Server, error)) framingtest.Impl {
	return replacing(framingtest.Root, func(cfg framingtest.Config) (Server, error) { return m(cfg.Root) })
}

// replacing is the reference with the server called which made by build.
// A Config that names no server asks for that one: the framing-mutant
// command, which stands in for whichever the mutant replaces, sends it.
func replacing(which framingtest.Server, build func(framingtest.Config) (Server, error)) framingtest.Impl {
	serve := func(ctx context.Context, ln net.Listener, cfg framingtest.Config) error {
		if cfg.Server != which && cfg.Server != "" {
			return Reference(ctx, ln, cfg)
		}
		s, err := build(cfg)
		if err != nil {
			return err
		}
		return s(ln)
	}
	return framingtest.Impl{Serve: serve}
}

// Reference runs the reference server that cfg names.
func Reference(_ context.Context, ln net.Listener, cfg framingtest.Config) error {
	switch cfg.Server {
	case framingtest.Lines:
		s := framing.LineServer{MaxLine: cfg.MaxLine}
		return s.Serve(ln)
	case framingtest.Counter:
		s := framing.Counter{MaxLine: cfg.MaxLine}
		return s.Serve(ln)
	case framingtest.File:
		s, err := framing.NewFileServer(cfg.Path)
		if err != nil {
			return err
		}
		return s.Serve(ln)
	case framingtest.Root:
		s, err := framing.NewRootServer(cfg.Root)
		if err != nil {
			return err
		}
		defer s.Close()
		return s.Serve(ln)
	}
	return fmt.Errorf("no server called %q", cfg.Server)
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
