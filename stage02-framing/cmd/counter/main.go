// Command counter runs your line counter:
//
//	go run ./stage02-framing/cmd/counter -addr 127.0.0.1:8080
//
// then, in another terminal, seq 1000 | nc -N 127.0.0.1 8080
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	framing "tcpworkbook/stage02-framing"
	"tcpworkbook/stage02-framing/framingtest"
)

// maxLine is -max-line. A value out of its range is refused at start-up,
// with the range, rather than at the first client.
var maxLine int

func init() { framingtest.MaxLineFlag.Declare(&maxLine) }

func main() {
	run.Main(run.Program{
		Name: "counter",
		Serve: func(_ context.Context, ln net.Listener, log *slog.Logger) error {
			s := framing.Counter{MaxLine: maxLine, Log: log}
			return s.Serve(ln)
		},
	})
}
