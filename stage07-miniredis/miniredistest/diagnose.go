package miniredistest

import (
	"bytes"
	"fmt"

	"tcpworkbook/kit/check"
)

// The mistakes the checks recognise from what the server did, where the
// failure alone would send a student the wrong way; HINTS.md has a
// section "## symptom: <id>" for each.
const (
	symptomPipelineCut    = "pipeline-cut"    // bytes read past one command are thrown away
	symptomReadIsCommand  = "read-is-command" // one Read taken for one whole command
	symptomPublishBlocked = "publish-blocked" // PUBLISH waits for a subscriber that does not read
)

// Readings: what each symptom looks like, in the report's words.
const (
	readPipelineCut = "%s sent %d commands in one write and got %s, then %s. " +
		"The server lost what it had read beyond the command it was on: a new reader (or buffer) per command, " +
		"or one Read parsed for one command, drops the rest of what the client sent, or starts reading in the middle of a command. " +
		"One reader per connection, for its whole life."
	readReadIsCommand = "%s's command came in pieces (%s), and it got %s. " +
		"The server took what one Read returned for a whole command; TCP is a stream, and a command can arrive in any number of pieces."
	readPublishBlocked = "the publisher's PUBLISH never returned while one subscriber was not reading. " +
		"Delivering a message by writing to each subscriber's connection from the publisher blocks once that subscriber's buffers are full, " +
		"and every publisher (and anyone waiting for the same lock) waits with it."
)

// diagnoseCut, as a Note of a case whose client sent commands in one
// write and expects replies, recognises a server that answered some
// right, then fell silent or lost its place in the stream (an error where
// a reply should be).
func diagnoseCut(c *check.T, who string, replies []string) func() string {
	return func() string {
		got, _, ok := c.Mismatch()
		if !ok {
			return ""
		}
		k := 0
		for _, r := range replies {
			if !bytes.HasPrefix(got, []byte(r)) {
				break
			}
			got = got[len(r):]
			k++
		}
		var then string
		switch {
		case k == 0 || k == len(replies):
			return ""
		case len(got) == 0:
			then = "nothing"
		case got[0] == '-':
			then = "an error: it read the rest as if a new command started there"
		default:
			return ""
		}
		reading := fmt.Sprintf(readPipelineCut, who, len(replies), plural(k, "right reply", "right replies"), then)
		c.Diagnose(check.Symptom{ID: symptomPipelineCut, Todo: 1, Reading: reading})
		return ""
	}
}

// diagnoseBlocked, as a Note of a case with a stalled subscriber, says
// what a publisher that waits for ever looks like. *waiting is true while
// the publisher waits for PUBLISH's reply.
func diagnoseBlocked(c *check.T, waiting *bool) func() string {
	return func() string {
		if *waiting {
			c.Diagnose(check.Symptom{ID: symptomPublishBlocked, Todo: 5, Reading: readPublishBlocked})
		}
		return ""
	}
}

// diagnoseSplit, as a Note of a case whose command arrives in pieces
// (how, in words), recognises a server that answered nothing, or a
// protocol error, to it.
func diagnoseSplit(c *check.T, srv *check.Server, who, how string) func() string {
	return func() string {
		got, _, ok := c.Mismatch()
		quit, _ := srv.Returned()
		switch {
		case !ok, quit: // a server that stopped answers nothing to anyone
		case len(got) == 0:
			c.Diagnose(check.Symptom{ID: symptomReadIsCommand, Todo: 1, Reading: fmt.Sprintf(readReadIsCommand, who, how, "nothing back")})
		case bytes.Contains(got, []byte("\r\n-ERR")) || got[0] == '-':
			c.Diagnose(check.Symptom{ID: symptomReadIsCommand, Todo: 1, Reading: fmt.Sprintf(readReadIsCommand, who, how, "an error")})
		}
		return ""
	}
}

// plural is "1 reply" or "n replies".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
