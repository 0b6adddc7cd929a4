package chat_test

import (
	"context"
	"maps"
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	chat "tcpworkbook/solutions/stage03-chat"
	"tcpworkbook/solutions/stage03-chat/mutants"
	"tcpworkbook/stage03-chat/chattest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func serve(ctx context.Context, ln net.Listener, cfg chattest.Config) error {
	s := chat.Server{MaxLine: cfg.MaxLine, Queue: cfg.Queue, Log: cfg.Log}
	return s.Serve(ctx, ln)
}

func TestChat(t *testing.T) {
	chattest.Run(t, chattest.Impl{Serve: serve})
}

// TestMutants proves that each mutant in the manifest fails its check, as
// a student who made that mistake would see it. The two marked Race pass
// every check without the race detector; check.Mutants tries them only
// when this binary was built with -race (go test -race -run TestMutants).
func TestMutants(t *testing.T) {
	check.Mutants(t, chattest.Manifest.Mutants, func(t *testing.T, name string) {
		chattest.Run(t, mutants.All[name])
	})
}

// TestMutantNames keeps the manifest and the mutants package in step: the
// chat-mutant command offers exactly the mutants the manifest lists.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, chattest.Manifest.Mutants, maps.Keys(mutants.All))
}
