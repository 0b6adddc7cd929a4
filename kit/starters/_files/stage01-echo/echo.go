// Package echo is your TCP echo server: every byte a client sends comes
// back to it, until the client closes its side.
//
// Work through the TODOs in order. Run the checks with
//
//	go test ./stage01-echo/...
//
// and read the first failure: it says what was sent, what came back, and
// which TODO to open.
package echo

import (
	"errors"
	"io"
	"log/slog"
	"net"
)

// Listen listens on the first of addrs that can be bound, so a program can
// prefer one address and fall back to others.
func Listen(addrs ...string) (net.Listener, error) {
	// TODO(3): the lecture's listener, with a fallback. Bind the first of
	// addrs that can be bound, in the order given, IPv6 as well as IPv4.
	// If none can, or there are none, the error must give every address's
	// reason, and a nil listener never comes with a nil error.
	if len(addrs) == 0 {
		return nil, errors.New("listen: no address given")
	}
	return net.Listen("tcp", addrs[0])
}

// Server echoes every connection it accepts.
type Server struct {
	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
}

// Serve accepts connections on ln and echoes each in its own goroutine.
// It returns nil once ln is closed, and any other Accept error as it is.
func (s *Server) Serve(ln net.Listener) error {
	// TODO(1): loop forever:
	//   - conn, err := ln.Accept()
	//   - if the listener was closed (errors.Is(err, net.ErrClosed)),
	//     return nil: that is how a server is told to stop;
	//   - on any other error, return it;
	//   - otherwise start go s.handle(conn), so that one slow client
	//     never blocks the next one from being accepted.
	_ = s.handle // delete this line once Serve calls handle
	return errors.New("Serve is not written yet: see TODO(1)")
}

// handle echoes one connection and closes it. Its errors belong to this
// client alone, so they are logged, never returned to the accept loop.
func (s *Server) handle(conn net.Conn) {
	defer conn.Close()
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
// many bytes it echoed.
func echo(rw io.ReadWriter) (int64, error) {
	buf := make([]byte, 1024)
	var total int64
	// TODO(2): the lecture's read/write loop. Send back every byte the
	// client sends, unchanged and in order, and count them. A Read may fill
	// only part of buf, and may return data along with an error: every
	// byte it returns is echoed, and no other. The client's EOF is the
	// normal end; any other error ends this connection, never the server.
	_ = buf
	return total, nil
}

func (s *Server) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
