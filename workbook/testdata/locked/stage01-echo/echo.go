// Package echo is a TCP echo server: every byte a client sends comes back
// to it, until the client closes its side.
package echo

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

// Listen listens on the first of addrs that can be bound, so a program can
// prefer one address and fall back to others.
func Listen(addrs ...string) (net.Listener, error) {
	if len(addrs) == 0 {
		return nil, errors.New("listen: no address given")
	}
	var errs []error
	for _, addr := range addrs {
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			return ln, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("listen: no address could be bound: %w", errors.Join(errs...))
}

// Server echoes every connection it accepts.
type Server struct {
	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
}

// Serve accepts connections on ln and echoes each in its own goroutine.
// It returns nil once ln is closed, and any other Accept error as it is.
func (s *Server) Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		// One goroutine per connection: a slow client only ever blocks
		// its own goroutine, never the accept loop.
		connectionsMu.Lock()
		connections++
		connectionsMu.Unlock()
		go s.handle(conn)
	}
}

// handle echoes one connection and closes it. Its errors belong to this
// client alone, so they are logged, never returned to the accept loop.
func (s *Server) handle(conn net.Conn) {
	defer conn.Close()
	defer func() { connections-- }()
	log := s.logger().With("remote", conn.RemoteAddr().String())
	log.Info("connected")
	n, err := echo(conn)
	if err != nil {
		log.Warn("connection failed", "echoed", n, "err", err)
		return
	}
	log.Info("disconnected", "echoed", n)
}

// echo writes back everything it reads from rw until EOF and reports how
// many bytes it echoed. io.Copy(rw, rw) would do the same; the loop is
// spelled out because it is the lesson.
func echo(rw io.ReadWriter) (int64, error) {
	buf := make([]byte, 1024)
	var total int64
	for {
		n, err := rw.Read(buf)
		// A Read may return data and an error together: use the data first.
		if n > 0 {
			// buf[:n], not buf: only the first n bytes are new.
			if _, werr := rw.Write(buf[:n]); werr != nil {
				return total, werr
			}
			total += int64(n)
		}
		if errors.Is(err, io.EOF) {
			return total, nil // the client closed its side: we are done
		}
		if err != nil {
			return total, err
		}
	}
}

func (s *Server) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// connections counts the open connections; connectionsMu guards it.
var (
	connectionsMu sync.Mutex
	connections   int
)
