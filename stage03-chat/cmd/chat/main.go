// Command chat runs your chat server:
//
//	go run ./stage03-chat/cmd/chat -addr 127.0.0.1:8080
//
// then, in two or more other terminals, nc 127.0.0.1 8080 and chat.
package main

import (
	"context"
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	chat "tcpworkbook/stage03-chat"
)

// The flags' ranges. A value outside is refused at start-up, with the
// flag's name and range on stderr and exit status 2: 0 or less means
// nothing, and more would let one client hold an absurd amount of memory.
const (
	maxMaxLine = 16 << 20 // 16 MiB
	maxQueue   = 100_000
)

var (
	maxLine = chat.DefaultMaxLine
	queue   = chat.DefaultQueue
)

func init() {
	flag.Var(run.IntRange(&maxLine, 1, maxMaxLine), "max-line",
		"the longest line a client may send, in `bytes`, not counting \"\\n\" or \"\\r\\n\" (1 to 16777216)")
	flag.Var(run.IntRange(&queue, 1, maxQueue), "queue",
		"the most `lines` kept for a client that is not reading; older ones are dropped (1 to 100000)")
}

func main() {
	run.Main(run.Program{
		Name: "chat",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s := chat.Server{MaxLine: maxLine, Queue: queue, Log: log}
			return s.Serve(ctx, ln)
		},
	})
}
