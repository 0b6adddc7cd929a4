// Command echo runs the reference echo server.
//
//	go run ./solutions/stage01-echo/cmd/echo -addr 127.0.0.1:8080
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	echo "tcpworkbook/solutions/stage01-echo"
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
