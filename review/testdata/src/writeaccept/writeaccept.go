// Package writeaccept holds the cases of write-blocks-accept.
package writeaccept

import (
	"fmt"
	"io"
	"net"
	"time"
)

const busy = "server busy, try again later\n"

func handle(conn net.Conn) {
	defer conn.Close()
	io.Copy(conn, conn)
}

// reject writes with no deadline, called from the loop below.
func reject(conn net.Conn) {
	io.WriteString(conn, busy) // want `^write-blocks-accept: io.WriteString\(conn, ...\) on the accept loop's goroutine with no write deadline`
	conn.Close()
}

func serve(ln net.Listener, free func() bool) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if !free() {
			reject(conn)
			continue
		}
		go handle(conn)
	}
}

func serveInline(ln net.Listener, free func() bool) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if !free() {
			fmt.Fprint(conn, busy) // want `fmt.Fprint\(conn, ...\) on the accept loop's goroutine`
			conn.Close()
			continue
		}
		go handle(conn)
	}
}

// The cases below must give no finding.

func rejectWithDeadline(conn net.Conn) {
	conn.SetWriteDeadline(time.Now().Add(time.Second))
	conn.Write([]byte(busy))
	conn.Close()
}

func serveBounded(ln net.Listener, free func() bool) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if !free() {
			rejectWithDeadline(conn)
			continue
		}
		go handle(conn)
	}
}

// serveAside writes its refusal in a goroutine of its own: the loop never
// waits for it.
func serveAside(ln net.Listener, free func() bool) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if !free() {
			go reject(conn)
			continue
		}
		go handle(conn)
	}
}
