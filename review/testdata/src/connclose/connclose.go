// Package connclose holds the cases of conn-not-closed.
package connclose

import (
	"errors"
	"io"
	"log"
	"net"
	"time"
)

func serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		go handle(conn) // want `^unlimited-goroutines`
	}
}

// handle never closes its connection.
func handle(conn net.Conn) { // want `^conn-not-closed: handle can return \(line \d+\) with conn still open: a leaked connection keeps its file descriptor`
	io.Copy(conn, conn)
}

func serveEarly(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go early(conn) // want `^unlimited-goroutines`
	}
}

// early returns before its deferred Close is registered.
func early(conn net.Conn) { // want `early can return \(line \d+\) with conn still open`
	if conn.RemoteAddr() == nil {
		return
	}
	defer conn.Close()
	io.Copy(conn, conn)
}

// limited turns a client away when every slot is taken, and forgets to close it.
func limited(ln net.Listener, slots chan struct{}) error {
	for {
		conn, err := ln.Accept() // want `conn from Accept can be dropped before the next Accept, neither closed nor handed on`
		if err != nil {
			return err
		}
		select {
		case slots <- struct{}{}:
		default:
			continue
		}
		go closing(conn, slots)
	}
}

func closing(conn net.Conn, slots chan struct{}) {
	defer func() { <-slots }()
	defer conn.Close()
	io.Copy(conn, conn)
}

// gives up on the first client it does not like, leaving it open.
func picky(ln net.Listener) error {
	for {
		conn, err := ln.Accept() // want `conn from Accept can reach the return on line \d+ neither closed nor handed on`
		if err != nil {
			return err
		}
		if conn.RemoteAddr().Network() != "tcp" {
			return errors.New("not tcp")
		}
		go closing(conn, nil) // want `^unlimited-goroutines`
	}
}

func discard(ln net.Listener) {
	for {
		_, err := ln.Accept() // want `the connection from Accept is thrown away unclosed`
		if err != nil {
			return
		}
	}
}

func closure(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() { // want `the goroutine can return \(line \d+\) with conn still open` `^unlimited-goroutines`
			io.Copy(conn, conn)
		}()
	}
}

// The cases below must give no finding.

func isTemporary(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

type peer struct{ conn net.Conn }

func (p *peer) run() {
	defer p.conn.Close()
	io.Copy(p.conn, p.conn)
}

// owners hands every connection to something that closes it, on every path.
func owners(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if isTemporary(err) {
			continue
		}
		if err != nil {
			log.Print(err)
			return err
		}
		switch conn.RemoteAddr().Network() {
		case "tcp":
			go closedAtEnd(conn) // want `^unlimited-goroutines`
		case "tcp6":
			p := &peer{conn: conn}
			go p.run()
		case "unix":
			go delegates(conn)
		default:
			go func() {
				defer func() { conn.Close() }()
				io.Copy(conn, conn)
			}()
		}
	}
}

// closedAtEnd closes on its only path, without defer.
func closedAtEnd(conn net.Conn) {
	io.Copy(conn, conn)
	conn.Close()
}

// delegates hands the connection to a function that closes it.
func delegates(conn net.Conn) {
	log.Print("serving ", conn.RemoteAddr())
	closing(conn, nil)
}

// fatal ends the process on the path that leaves the connection open.
func fatal(conn net.Conn) {
	if conn == nil {
		log.Fatal("no connection") // want `^exit-in-handler`
	}
	defer conn.Close()
}

func serveFatal(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go fatal(conn) // want `^unlimited-goroutines`
	}
}

// watched is woken by a deadline when the server stops, but is never
// closed: the wake-up's closure only sets a deadline.
func watched(conn net.Conn, stop <-chan struct{}) { // want `watched can return \(line \d+\) with conn still open`
	go func() {
		<-stop
		conn.SetReadDeadline(time.Now())
	}()
	io.Copy(conn, conn)
}

func serveWatched(ln net.Listener, stop <-chan struct{}) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go watched(conn, stop) // want `^unlimited-goroutines`
	}
}

// writer sends a subscriber's messages while its handler reads: it only
// writes, and the handler, which owns the connection, closes it.
func writer(conn net.Conn, msgs <-chan []byte) {
	for m := range msgs {
		if _, err := conn.Write(m); err != nil {
			return
		}
	}
}

// handler reads, and starts a writer beside itself.
func handler(conn net.Conn) {
	defer conn.Close()
	msgs := make(chan []byte)
	go writer(conn, msgs)
	defer close(msgs)
	io.Copy(io.Discard, conn)
}

// reader owns what it reads from, and leaks it.
func reader(conn net.Conn, out chan<- []byte) { // want `reader can return \(line \d+\) with conn still open`
	buf := make([]byte, 512)
	n, _ := conn.Read(buf)
	out <- buf[:n]
}

func serveReader(conn net.Conn, out chan<- []byte) {
	defer conn.Close()
	go reader(conn, out)
}
