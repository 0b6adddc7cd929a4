package linecheck

import (
	"bytes"
	"fmt"
	"strings"

	"tcpworkbook/kit/check"
)

// lines holds the server under test; its methods are the checks.
type lines[C check.Config] struct {
	serve       check.Serve[C]
	withMaxLine func(maxLine int) C
	// endingTodo is the TODO a report of a trimmed line ending points at:
	// stage 02's dropEnding, or 0 in a later stage, whose TODOs are not
	// about line endings.
	endingTodo int
}

// setUp starts the server with the line limit maxLine for a case, and
// arranges for a reply that lost its line ending to be read as that.
func (l lines[C]) setUp(c *check.T, maxLine int) {
	c.Helper()
	check.Launch(c, l.serve, l.withMaxLine(maxLine))
	c.Note(func() string {
		if got, want, ok := c.Mismatch(); ok && trimmedEnding(got, want) {
			c.Diagnose(check.Symptom{ID: SymptomEndingTrimmed, Todo: l.endingTodo, Reading: readingEndingTrimmed})
		}
		return ""
	})
}

// trimmedEnding reports whether got is want with white space, or more
// than one "\r", dropped just before a "\n": what trimming the line
// ending too eagerly (strings.TrimSpace, TrimRight) does.
func trimmedEnding(got, want []byte) bool {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	j := i
	for j < len(want) && (want[j] == ' ' || want[j] == '\t' || want[j] == '\r') {
		j++
	}
	return j > i && j < len(want) && want[j] == '\n' && i < len(got) && got[i] == '\n'
}

// echo: each line is answered while the connection stays open. alice
// waits for every reply before she sends the next line, as a person at a
// terminal does, so a reply left in a buffer never arrives.
func (l lines[C]) echo(c *check.T) {
	l.setUp(c, DefaultMaxLine)
	c.Note(func() string { return noteWaitsForReply })
	alice := c.Dial("alice")
	for _, line := range []string{"hello\n", "how are you?\n", "\n", "bye\n"} {
		alice.Send(line)
		alice.Expect(line)
	}
}

// many: several lines in one write are answered one by one.
func (l lines[C]) many(c *check.T) {
	l.setUp(c, DefaultMaxLine)
	alice := c.Dial("alice")
	alice.Send("one\ntwo\nthree\n")
	alice.Expect("one\ntwo\nthree\n")
}

// split: a line that arrives in pieces is answered once, when its "\n"
// arrives, and not before.
func (l lines[C]) split(c *check.T) {
	l.setUp(c, DefaultMaxLine)
	c.Note(func() string { return noteSplit })
	alice := c.Dial("alice")
	for _, piece := range []string{"a li", "ne in ", "pie"} {
		alice.Send(piece)
		alice.ExpectSilence(check.Quiet)
	}
	alice.Send("ces\n")
	alice.Expect("a line in pieces\n")
}

// binary: lines are bytes, not text. Invalid UTF-8, zero bytes and a "\r"
// in the middle of a line come back unchanged.
func (l lines[C]) binary(c *check.T) {
	l.setUp(c, DefaultMaxLine)
	var every []byte // every byte value but "\n", ending in 0xff
	for b := range 256 {
		if b != '\n' {
			every = append(every, byte(b))
		}
	}
	alice := c.Dial("alice")
	for _, line := range [][]byte{every, []byte("caf\xe9 \xff\xfe \xc3\x28 \xed\xa0\x80"), {0, 0, 0}} {
		line = append(line, '\n')
		alice.SendBytes(line)
		alice.ExpectBytes(line)
	}
}

// pipelined: 10,000 lines written without waiting all come back, in
// order. Reading the replies while writing matters: neither side may
// wait for the other to finish.
func (l lines[C]) pipelined(c *check.T) {
	l.setUp(c, DefaultMaxLine)
	var all bytes.Buffer
	for i := range 10_000 {
		fmt.Fprintf(&all, "line %05d %s\n", i, strings.Repeat("~", i%40))
	}
	data := all.Bytes()
	alice := c.Dial("alice")
	c.Go(func() error { return alice.WriteChunks(data, []int{1, 100, 4096, 65536, 7}) })
	alice.ExpectBytes(data)
	c.Wait()
}

// crlf: a "\r" just before the "\n" is part of the line ending, which
// telnet sends as "\r\n". It is dropped, and only it: any other "\r",
// a second one before the ending included, is data, and so is white
// space at the end of a line.
func (l lines[C]) crlf(c *check.T) {
	l.setUp(c, DefaultMaxLine)
	alice := c.Dial("alice")
	for _, x := range []struct{ send, want string }{
		{"hi\r\n", "hi\n"},
		{"\r\n", "\n"},
		{"mixed\nline\r\nendings\n", "mixed\nline\nendings\n"},
		{"a\rb\r\n", "a\rb\n"},
		{"two\r\r\n", "two\r\n"},
		{"tab\t \r\n", "tab\t \n"},
	} {
		alice.Send(x.send)
		alice.Expect(x.want)
	}
}

// unterminated: a last line without "\n" is answered when the client
// half-closes; then the server closes too. A half-close with nothing
// pending gets no reply at all.
func (l lines[C]) unterminated(c *check.T) {
	l.setUp(c, DefaultMaxLine)
	alice := c.Dial("alice")
	alice.Send("first\nlast, with no newline")
	alice.CloseWrite()
	alice.Expect("first\nlast, with no newline\n")
	alice.ExpectEOF()

	bob := c.Dial("bob")
	bob.Send("nothing else")
	bob.CloseWrite()
	bob.Expect("nothing else\n")
	bob.ExpectEOF()

	carol := c.Dial("carol")
	carol.CloseWrite()
	carol.ExpectEOF()
}

// too-long: with -max-line 100, a line of 100 bytes is answered, with "\n"
// or "\r\n" after it; lines of 101 and of 1000 bytes get "error: line too
// long\n", and the server closes that connection. Other clients carry on.
func (l lines[C]) tooLong(c *check.T) {
	const max = 100
	l.setUp(c, max)
	c.Note(func() string { return fmt.Sprintf(noteTooLong, max, max) })
	bob := c.Dial("bob")
	alice := c.Dial("alice")
	full := strings.Repeat("a", max)
	alice.Send(full + "\n")
	alice.Expect(full + "\n")
	alice.Send(full + "\r\n")
	alice.Expect(full + "\n")
	alice.Send(strings.Repeat("b", max+1) + "\n")
	alice.Expect("error: line too long\n")
	alice.ExpectEOF()

	carol := c.Dial("carol")
	carol.Send(strings.Repeat("c", 10*max) + "\n")
	carol.Expect("error: line too long\n")
	carol.ExpectEOF()

	// A last line without "\n" is held to the limit too.
	dave := c.Dial("dave")
	dave.Send(strings.Repeat("d", max+1))
	dave.CloseWrite()
	dave.Expect("error: line too long\n")
	dave.ExpectEOF()

	bob.Send("still here\n")
	bob.Expect("still here\n")
}

// bounded: the error comes while the line is still arriving. With
// -max-line 1000, alice sends 4 MiB without a "\n" and does not stop; the
// server must give up after about 1000 bytes, not wait for the end of the
// line, so its memory for a line never grows past the limit.
func (l lines[C]) bounded(c *check.T) {
	const max = 1000
	l.setUp(c, max)
	c.Note(func() string { return fmt.Sprintf(noteBounded, max) })
	alice := c.Dial("alice")
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	c.Go(func() error {
		for range 64 {
			if alice.Write(chunk) != nil {
				return nil // the server has hung up on her, as it should
			}
		}
		return nil
	})
	alice.Expect("error: line too long\n")
	alice.ExpectEOF()
	c.Wait()
}
