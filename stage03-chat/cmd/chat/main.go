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

var (
	maxLine = flag.Int("max-line", chat.DefaultMaxLine, "the longest line a client may send, in bytes")
	queue   = flag.Int("queue", chat.DefaultQueue, "lines kept for a client that is not reading; older ones are dropped")
)

func main() {
	run.Main(run.Program{
		Name: "chat",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			s := chat.Server{MaxLine: *maxLine, Queue: *queue, Log: log}
			return s.Serve(ctx, ln)
		},
	})
}
