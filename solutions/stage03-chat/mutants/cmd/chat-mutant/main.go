// Command chat-mutant runs one of the known-wrong chat servers, so that the
// stage 03 suite can be shown to reject it as an external command too. It
// takes the chat command's flags:
//
//	go build -o bin/chat-mutant ./solutions/stage03-chat/mutants/cmd/chat-mutant
//	WORKBOOK_CMD='bin/chat-mutant -mutant echo' go test ./stage03-chat/... -run 'Chat/ChatA/no-echo'
package main

import (
	"context"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	"tcpworkbook/solutions/stage03-chat/mutants"
	"tcpworkbook/stage03-chat/chattest"
)

var (
	pick           = run.MutantFlag(mutants.All)
	maxLine, queue int
)

// The chat command's flags, from the same facts.
func init() {
	chattest.MaxLineFlag.Declare(&maxLine)
	chattest.QueueFlag.Declare(&queue)
}

func main() {
	run.Main(run.Program{
		Name: "chat-mutant",
		Serve: func(ctx context.Context, ln net.Listener, log *slog.Logger) error {
			impl, err := pick()
			if err != nil {
				return err
			}
			return impl.Serve(ctx, ln, chattest.Config{MaxLine: maxLine, Queue: queue, Log: log})
		},
	})
}
