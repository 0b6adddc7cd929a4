// Command chat runs the reference chat server:
//
//	go run ./solutions/stage03-chat/cmd/chat -addr 0.0.0.0:8080
//
// then, from other terminals or machines, nc <host> 8080 and chat.
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	chat "tcpworkbook/solutions/stage03-chat"
	"tcpworkbook/stage03-chat/chattest"
)

// The flags, as the tests pass them (chattest has their facts). A value
// out of range is refused at start-up, with the flag's name and range on
// stderr and exit status 2.
var maxLine, queue int

func init() {
	chattest.MaxLineFlag.Declare(&maxLine)
	chattest.QueueFlag.Declare(&queue)
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
