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
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage03-chat/mutants"
	"tcpworkbook/stage03-chat/chattest"
)

var (
	pick    = run.MutantFlag(mutants.Servers)
	maxLine = chattest.DefaultMaxLine
	queue   = chattest.DefaultQueue
)

// The chat command's flags, with its ranges.
func init() {
	flag.Var(run.IntRange(&maxLine, 1, 16<<20), "max-line", "the longest line a client may send, in `bytes` (1 to 16777216)")
	flag.Var(run.IntRange(&queue, 1, 100_000), "queue", "the most `lines` kept for a client that is not reading (1 to 100000)")
}

func main() {
	run.Main(run.Program{
		Name: "chat-mutant",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			serve, err := pick()
			if err != nil {
				return err
			}
			return serve(ctx, ln, chattest.Config{MaxLine: maxLine, Queue: queue, Log: log})
		},
	})
}
