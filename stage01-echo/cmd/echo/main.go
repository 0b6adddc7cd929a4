// Command echo runs your echo server:
//
//	go run ./stage01-echo/cmd/echo -addr 127.0.0.1:8080
//
// then, in another terminal, nc 127.0.0.1 8080 and type.
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	echo "tcpworkbook/stage01-echo"
)

func main() {
	run.Main(run.Program{
		Name:   "echo",
		Listen: echo.Listen,
		Serve: func(_ context.Context, ln net.Listener, log *slog.Logger) error {
			s := echo.Server{Log: log}
			return s.Serve(ln)
		},
	})
}
