package check

import (
	"bytes"
	"fmt"
)

// crossTalkProbe is how long the wrong line must be before a report calls
// it cross-talk: long enough that a coincidence is out of the question.
const crossTalkProbe = 8

// Private declares that in this case every client receives only bytes
// it sent itself, as from an echo. A failure that finds another client's
// bytes in a reply then says so, cross-talk between connections, and
// points at todo, the TODO whose code keeps each connection's data (0
// keeps the case's own).
func (c *T) Private(todo int) {
	c.mu.Lock()
	c.private, c.privateTodo = true, todo
	c.mu.Unlock()
}

// crossTalk looks for the wrong bytes a client received among what the
// other clients of the case sent. It returns the sender's name, or "".
// It compares the line that holds the first wrong byte, up to maxShown
// bytes of it, since each sent message is kept only that far: enough for
// the usual cases, a buffer or a variable shared by every connection.
func crossTalk(log []event, who string, got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	start := bytes.LastIndexByte(got[:i], '\n') + 1
	end := min(len(got), start+maxShown)
	if nl := bytes.IndexByte(got[start:end], '\n'); nl >= 0 {
		end = start + nl + 1
	}
	seg := got[start:end]
	if len(seg) < crossTalkProbe || end <= i || bytes.Contains(want, seg) {
		return ""
	}
	for _, ev := range log {
		if ev.kind == evSent && ev.who != who && bytes.Contains(ev.data, seg) {
			return ev.who
		}
	}
	return ""
}

// noticeCrossTalk records the cross-talk symptom when f shows a client
// receiving what another sent, in a case where that cannot be right,
// unless the case diagnosed something else.
func (c *T) noticeCrossTalk(f failure, log []event) {
	c.mu.Lock()
	private, todo := c.private, c.privateTodo
	c.mu.Unlock()
	if !private || !f.compare || f.client == "" || c.diagnosis() != nil {
		return
	}
	from := crossTalk(log, f.client, f.got, f.want)
	if from == "" {
		return
	}
	c.Diagnose(Symptom{ID: SymptomCrossTalk, Todo: todo, Reading: fmt.Sprintf(readingCrossTalk, f.client, from)})
}
