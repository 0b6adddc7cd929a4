package chat_test

import (
	"context"
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

// Each mutant makes one common mistake; the named check must catch it.
func TestMutants(t *testing.T) {
	ms := []check.Mutant{
		{Name: "echo", Check: "ChatA/no-echo"},
		{Name: "blocking-send", Check: "ChatRobust/slow-reader"},
		{Name: "unbounded", Check: "ChatRobust/lagging-reader"},
		{Name: "lag-ends-client", Check: "ChatRobust/lagging-reader"},
		{Name: "no-strip", Check: "ChatRobust/control-chars"},
		{Name: "duplicate-names", Check: "ChatB/name-taken"},
		{Name: "private-leak", Check: "ChatB/msg"},
	}
	// An unguarded map fails reliably only under the race detector; without
	// it the mutant may well pass, so it is checked only with -race.
	if raceEnabled {
		ms = append(ms, check.Mutant{Name: "no-lock", Check: "ChatRobust/churn"})
	} else {
		t.Log("mutant no-lock is checked only with -race: go test -race -run TestMutants")
	}
	check.Mutants(t, ms, func(t *testing.T, name string) {
		chattest.Run(t, chattest.Impl{Serve: mutants.Servers[name]})
	})
}
