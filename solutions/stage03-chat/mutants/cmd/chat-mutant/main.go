// Command chat-mutant runs one of the known-wrong chat servers, so that the
// stage 03 suite can be shown to reject it as an external command too. It
// takes the chat command's flags:
//
//	go build -o bin/chat-mutant ./solutions/stage03-chat/mutants/cmd/chat-mutant
//	WORKBOOK_CMD='bin/chat-mutant -mutant echo' go test ./stage03-chat/... -run 'Chat/ChatA/no-echo'
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"slices"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage03-chat/mutants"
	"tcpworkbook/stage03-chat/chattest"
)

var (
	name    = flag.String("mutant", "", "which mutant to run: "+fmt.Sprint(slices.Sorted(maps.Keys(mutants.Servers))))
	maxLine = flag.Int("max-line", chattest.DefaultMaxLine, "the longest line a client may send, in bytes")
	queue   = flag.Int("queue", chattest.DefaultQueue, "lines kept for a client that is not reading")
)

func main() {
	run.Main(run.Program{
		Name: "chat-mutant",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			serve, ok := mutants.Servers[*name]
			if !ok {
				return fmt.Errorf("unknown -mutant %q", *name)
			}
			return serve(ctx, ln, chattest.Config{MaxLine: *maxLine, Queue: *queue, Log: log})
		},
	})
}
