// Command counter runs the reference line counter:
//
//	go run ./solutions/stage02-framing/cmd/counter -addr 127.0.0.1:8080
//
// then, in another terminal, seq 1000 | nc -N 127.0.0.1 8080
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	framing "tcpworkbook/solutions/stage02-framing"
)

// maxLine is -max-line. A value outside 1 to framing.LargestMaxLine is
// refused at start-up, with the range, rather than at the first client.
var maxLine = framing.DefaultMaxLine

func init() {
	flag.Var(run.IntRange(&maxLine, 1, framing.LargestMaxLine), "max-line",
		"the longest line accepted, in `bytes`, not counting the line ending")
}

func main() {
	run.Main(run.Program{
		Name: "counter",
		Serve: func(_ context.Context, ln net.Listener, log *slog.Logger) error {
			s := framing.Counter{MaxLine: maxLine, Log: log}
			return s.Serve(ln)
		},
	})
}
