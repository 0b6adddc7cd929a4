// Package exit holds the cases of exit-in-handler.
package exit

import (
	"io"
	"log"
	"net"
	"os"
)

func handle(conn net.Conn) {
	defer conn.Close()
	if _, err := io.Copy(conn, conn); err != nil {
		log.Fatalf("echo: %v", err) // want `^exit-in-handler: log.Fatalf in code that serves one connection ends the whole server`
	}
}

func handleTwo(conn net.Conn) {
	defer conn.Close()
	mustEcho(conn)
}

// mustEcho is called by a handler, so it serves one connection too.
func mustEcho(rw io.ReadWriter) {
	if _, err := io.Copy(rw, rw); err != nil {
		panic(err) // want `panic in code that serves one connection crashes the server`
	}
}

func serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err) // the accept loop is not a handler
		}
		go func() { // want `^unlimited-goroutines`
			defer conn.Close()
			if _, err := conn.Write([]byte("hi\n")); err != nil {
				os.Exit(1) // want `os.Exit in code that serves one connection`
			}
		}()
	}
}

// The cases below must give no finding.

// mustListen runs at start-up, where ending the program is right.
func mustListen(addr string) net.Listener {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	return ln
}

func unreachable(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n
}

func handleLogged(conn net.Conn) {
	defer conn.Close()
	if _, err := io.Copy(conn, conn); err != nil {
		log.Printf("echo: %v", err)
	}
}
