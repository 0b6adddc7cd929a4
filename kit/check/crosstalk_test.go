package check

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCrossTalk(t *testing.T) {
	log := []event{
		dataEvent("alice", evSent, []byte("round 0 from client 1\n")),
		dataEvent("bob", evSent, []byte("round 0 from client 2\n")),
	}
	want := []byte("round 0 from client 1\n")
	assert.Equal(t, "bob", crossTalk(log, "alice", []byte("round 0 from client 2\n"), want),
		"a line that bob sent, in alice's echo")
	assert.Empty(t, crossTalk(log, "alice", []byte("round 0 from client 9\n"), want), "nobody sent that")
	assert.Empty(t, crossTalk(log, "alice", []byte("round 0 from"), want), "too few bytes: not wrong, only short")
	assert.Empty(t, crossTalk(log, "alice", []byte("rou\n"), want), "too short a line to tell")
}

func TestCrossTalkOnlyWhenPrivate(t *testing.T) {
	c := sample(2,
		dataEvent("alice", evSent, []byte("hello from alice, a long line\n")),
		dataEvent("bob", evSent, []byte("hello from bob, a long line\n")),
	)
	f := failure{client: "alice", compare: true, got: []byte("hello from bob, a long line\n"), want: []byte("hello from alice, a long line\n")}
	c.noticeCrossTalk(f, c.log)
	assert.Nil(t, c.diagnosis(), "a chat relays other clients' bytes: only a Private case calls it cross-talk")

	c.Private(1)
	c.noticeCrossTalk(f, c.log)
	if assert.NotNil(t, c.diagnosis()) {
		assert.Equal(t, "cross-talk", c.diagnosis().ID)
		assert.Equal(t, 1, c.diagnosis().Todo)
		assert.Contains(t, c.diagnosis().Reading, "alice received bytes that bob sent")
	}
}
