// Command miniredis runs your stage 07 server:
//
//	go run ./stage07-miniredis/cmd/miniredis -addr 127.0.0.1:8080
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	miniredis "tcpworkbook/stage07-miniredis"
)

func main() {
	run.Main(run.Program{
		Name: "miniredis",
		Serve: func(ctx context.Context, ln net.Listener, _ *slog.Logger) error {
			return new(miniredis.Server).Serve(ctx, ln)
		},
	})
}
