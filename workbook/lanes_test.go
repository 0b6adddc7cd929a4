package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const lanesMessage = `✗ TestChat/ChatA/broadcast: carol did not receive everything expected

Traffic, oldest first:
  … 3 earlier lines not shown
  alice   connected
  bob     connected
  alice → "hello\n"
  bob   ← "[127.0.0.1:4000]: hello\n"
  case    told the server to shut down (cancelled its context)
  carol   reset the connection (RST)

Next step: open TODO(2) in stage03-chat/chat.go`

// TestLanes: two clients or more get a column each, in time order, cut
// to the width; the case's own lines span the width.
func TestLanes(t *testing.T) {
	events := parseTraffic(strings.Split(lanesMessage, "\n"))
	require.Len(t, events, 6)
	assert.Equal(t, trafficEvent{"alice", "→", `"hello\n"`}, events[2])
	assert.Equal(t, trafficEvent{"bob", "", "connected"}, events[1])

	got := strings.Join(lanes(events, 62), "\n")
	t.Log("\n" + got)
	want := strings.Join([]string{
		"  alice               bob                 carol",
		"  " + strings.Repeat("─", 59),
		"  · connected",
		"                      · connected",
		`  → "hello\n"`,
		`                      ← "[127.0.0.1:4000…`,
		"  ── told the server to shut down (cancelled its context) ",
		"                                          · reset the connec…",
	}, "\n")
	assert.Equal(t, want, got)

	assert.Nil(t, lanes(events[:1], 80), "one client: no lanes")
}

// TestLanesInMessage: the progress view adds lanes under a message whose
// traffic has two clients or more.
func TestLanesInMessage(t *testing.T) {
	var out strings.Builder
	rp := &report{columns: 62}
	rp.writeMessage(newPrinter(&out, false), lanesMessage, "")
	assert.Contains(t, out.String(), "The traffic as lanes, one column per client")
	assert.Contains(t, out.String(), "  alice               bob                 carol\n")
	assert.Less(t, strings.Index(out.String(), "as lanes"), strings.Index(out.String(), "Next step:"), "the lanes come before the next step")
}

// TestLanesWithLog: from the traffic attribute, the server's log lines
// show across the lanes where they fell.
func TestLanesWithLog(t *testing.T) {
	events, ok := decodeTraffic(`[{"who":"alice","dir":"","text":"connected"},{"who":"server","dir":"log","text":"level=INFO msg=joined"},` +
		`{"who":"bob","dir":"→","text":"\"hi\\n\""}]`)
	require.True(t, ok)
	got := lanes(events, 62)
	assert.Equal(t, []string{
		"  alice                         bob",
		"  " + strings.Repeat("─", 59),
		"  · connected",
		"     server log: level=INFO msg=joined",
		`                                → "hi\n"`,
	}, got)
	_, ok = decodeTraffic("")
	assert.False(t, ok)
}
