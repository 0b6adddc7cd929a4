package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStress: a check that fails in one run of four is counted, and its
// first failure is shown with the line that replays that run.
func TestStress(t *testing.T) {
	st := stage{Num: 3, Dir: "stage03-chat", Name: "chat"}
	var seen []stressRun
	s := stresser{invoke: invocation, seed: 100, run: func(_ context.Context, _ stage, r stressRun) *stageResult {
		seen = append(seen, r)
		res := &stageResult{Stage: st, Status: passed,
			Checks: []*check{{Path: "Chat/ChatA/welcome", Action: "pass"}, {Path: "Chat/ChatRobust/crowd", Action: "pass"}}}
		if len(seen) == 3 {
			res.Status = failed
			res.Checks[1].Action = "fail"
			res.Checks[1].output.WriteString("✗ Chat/ChatRobust/crowd: bob heard carol twice\n")
		}
		return res
	}}
	var out strings.Builder
	s.out = newPrinter(&out, false)
	require.Equal(t, 1, s.stress(context.Background(), st, 4))
	got := out.String()
	t.Log(got)
	assert.Equal(t, []stressRun{{"1", 100}, {"2", 101}, {"4", 102}, {"1", 103}}, seen, "-cpu in turn, a seed per run")
	assert.Contains(t, got, "Chat/ChatA/welcome")
	assert.Regexp(t, `✓ Chat/ChatA/welcome\s+passed 4 of 4`, got)
	assert.Regexp(t, `✗ Chat/ChatRobust/crowd\s+passed 3 of 4`, got)
	assert.Contains(t, got, "Chat/ChatRobust/crowd failed 1 of 4 runs; the first time:")
	assert.Contains(t, got, "bob heard carol twice")
	assert.Contains(t, got, "Replay that run: WORKBOOK_SHUFFLE=102 go test -race -cpu 4 ./stage03-chat/... -run 'Chat/ChatRobust/crowd$'")

	s.run = func(context.Context, stage, stressRun) *stageResult {
		return &stageResult{Stage: st, Status: failed, Checks: []*check{{Path: "Chat/ChatA/welcome", Action: "fail"}}}
	}
	out.Reset()
	require.Equal(t, 1, s.stress(context.Background(), st, 2))
	assert.Contains(t, out.String(), "Failed every run, so not a flaky failure: Chat/ChatA/welcome.")
	assert.NotContains(t, out.String(), "the first time:")

	s.run = func(context.Context, stage, stressRun) *stageResult {
		return &stageResult{Stage: st, Status: passed, Checks: []*check{{Path: "Chat/ChatA/welcome", Action: "pass"}}}
	}
	out.Reset()
	require.Equal(t, 0, s.stress(context.Background(), st, 2))
	assert.Contains(t, out.String(), "Every check passed every run.")
}
