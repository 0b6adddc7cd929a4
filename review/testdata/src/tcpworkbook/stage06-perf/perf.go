// Package perf stands for stage 06, whose server holds thousands of
// connections with no limit on purpose: unlimited-goroutines stays quiet.
package perf

import (
	"io"
	"net"
)

func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
}
