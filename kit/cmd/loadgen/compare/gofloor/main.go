// Command gofloor is the least a Go server can hold per connection: one
// goroutine, parked in conn.Read, and a 64-byte buffer. It echoes
// correctly, and it is here only to be measured, as loadgen -compare's
// go-floor: whatever a Go server keeps per idle connection beyond this
// figure is its own choice; this much is the runtime's and the net
// package's.
//
//	go run ./kit/cmd/loadgen/compare/gofloor -addr 127.0.0.1:8080
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "the address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gofloor:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "gofloor: listening on", ln.Addr())
	for {
		conn, err := ln.Accept()
		if err != nil {
			// Out of descriptors, most likely: the measurement is
			// spoiled anyway, so say so and stop.
			fmt.Fprintln(os.Stderr, "gofloor:", err)
			os.Exit(1)
		}
		go echo(conn)
	}
}

// echo copies conn back to itself through a 64-byte buffer: room for the
// 12 bytes loadgen's idle mode sends, and little else.
func echo(conn net.Conn) {
	defer conn.Close()
	buf := make([]byte, 64)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			if _, err := conn.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
