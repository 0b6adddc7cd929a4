package chat_test

import (
	"context"
	"net"
	"testing"

	chat "tcpworkbook/stage03-chat"
	"tcpworkbook/stage03-chat/chattest"
)

// TestChat runs the stage 03 checks against your server. Run one group or
// one check alone with, for example,
//
//	go test ./stage03-chat/... -run 'Chat/ChatA'
//	go test ./stage03-chat/... -run 'Chat/ChatB/msg$'
func TestChat(t *testing.T) {
	chattest.Run(t, chattest.Impl{Serve: serve})
}

// serve runs your Server with the configuration a check asks for.
func serve(ctx context.Context, ln net.Listener, cfg chattest.Config) error {
	s := chat.Server{MaxLine: cfg.MaxLine, Queue: cfg.Queue, Log: cfg.Log}
	return s.Serve(ctx, ln)
}
