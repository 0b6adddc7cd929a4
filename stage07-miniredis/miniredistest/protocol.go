package miniredistest

import (
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// protocol is TODO(1): RESP in, RESP out, and the commands that need no
// data: PING, ECHO, QUIT, and Redis's errors for what it does not know.
func (s suite) protocol() []check.Case {
	return []check.Case{
		{Name: "ping", Todo: 1, Run: s.ping},
		{Name: "echo", Todo: 1, Run: s.echo},
		{Name: "inline", Todo: 1, Run: s.inline},
		{Name: "empty-commands", Todo: 1, Run: s.emptyCommands},
		{Name: "byte-by-byte", Todo: 1, Run: s.byteByByte},
		{Name: "pipeline", Todo: 1, Run: s.pipeline},
		{Name: "unknown-command", Todo: 1, Run: s.unknownCommand},
		{Name: "wrong-arity", Todo: 1, Run: s.wrongArity},
		{Name: "protocol-errors", Todo: 1, Run: s.protocolErrors},
		{Name: "quit", Todo: 1, Run: s.quit},
		{Name: "two-clients", Todo: 1, Run: s.twoClients},
	}
}

// ping: PING is answered +PONG, and PING with a message echoes it.
func (s suite) ping(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(pong, "PING")
	alice.Call(bulk("hello world"), "PING", "hello world")
	alice.Call(pong, "ping") // command names are case-insensitive
}

// echo: a bulk string is data, whatever it holds: CRLF, zero bytes,
// bytes that are not UTF-8, nothing at all.
func (s suite) echo(c *check.T) {
	srv := check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	for _, v := range []string{"hi", "two\r\nlines", "\x00\xff\xfe binary", ""} {
		alice.Call(bulk(v), "ECHO", v)
	}
	// 100 kB: more than one read brings, on most systems.
	c.Note(diagnoseSplit(c, srv, "alice", "an ECHO of 100 kB, more than one read returns"))
	big := strings.Repeat("x", 100_000)
	alice.Call(bulk(big), "ECHO", big)
}

// inline: a command typed in nc or telnet is a line of words, not an
// array; Redis answers it the same way. Quotes group words.
func (s suite) inline(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Send("PING\r\n")
	alice.Expect(pong)
	alice.Send("ECHO hello\r\n")
	alice.Expect(bulk("hello"))
	alice.Send("ECHO \"two words\"\n") // nc sends a bare LF
	alice.Expect(bulk("two words"))
	alice.Send("\r\n") // an empty line is no command, and gets no reply
	alice.Send("PING\r\n")
	alice.Expect(pong)
	alice.Send("ECHO  spaced   out \r\n") // any run of spaces separates words
	alice.Expect(errReply("ERR wrong number of arguments for 'echo' command"))
	alice.Send("  ECHO  hello \r\n")
	alice.Expect(bulk("hello"))
}

// emptyCommands: an array of no elements, or of a negative count, is no
// command: Redis skips it without a reply. A count is a claim, never a
// size to make anything with before the elements arrive.
func (s suite) emptyCommands(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Send("*0\r\n*-1\r\n*-5\r\n" + command("PING"))
	alice.Expect(pong)
}

// byteByByte: TCP delivers a stream, not messages: a command may arrive
// one byte per read, and must be answered once, when it is whole.
func (s suite) byteByByte(c *check.T) {
	srv := check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	c.Note(diagnoseSplit(c, srv, "alice", "one byte per write"))
	cmd := command("ECHO", "split\r\nvalue") + command("PING")
	// A pause after each byte, so that each is a read of its own, not
	// merged by the kernel with the next.
	for i := range len(cmd) {
		if err := alice.Write([]byte{cmd[i]}); err != nil {
			c.Failf("alice could not send one byte at a time: %v", err)
		}
		time.Sleep(time.Millisecond)
	}
	alice.Expect(bulk("split\r\nvalue") + pong)
	// A command whose end has not come yet must not hold up the reply to
	// the one before it: that reply goes out before the server waits.
	alice.Send(command("PING") + "*2\r\n$4\r\nECHO\r\n$5\r\nla")
	alice.Expect(pong)
	alice.Send("ter\r\n")
	alice.Expect(bulk("later"))
}

// pipeline: a thousand commands in one write get a thousand replies, in
// order: a server that answers only the first command of each read, or
// waits for a reply to be read before it reads on, fails here.
func (s suite) pipeline(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	var cmds strings.Builder
	replies := make([]string, 1000)
	for i := range replies {
		v := strings.Repeat("v", i%37)
		cmds.WriteString(command("ECHO", v))
		replies[i] = bulk(v)
	}
	c.Note(diagnoseCut(c, "alice", replies))
	alice.Send(cmds.String())
	alice.Expect(strings.Join(replies, ""))
}

// unknownCommand: Redis names the command and the first arguments.
func (s suite) unknownCommand(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(errReply("ERR unknown command 'FLY', with args beginning with: 'to' 'the' 'moon' "), "FLY", "to", "the", "moon")
	alice.Call(errReply("ERR unknown command 'nope', with args beginning with: "), "nope")
	// An error is one line: CR and LF become spaces; other bytes, UTF-8
	// or not, come back as they were sent.
	alice.Call(errReply("ERR unknown command '\xffx', with args beginning with: 'a  b' "), "\xffx", "a\r\nb")
	alice.Call(pong, "PING") // and the connection goes on
}

// wrongArity: a known command with the wrong number of arguments.
func (s suite) wrongArity(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(errReply("ERR wrong number of arguments for 'echo' command"), "ECHO")
	alice.Call(errReply("ERR wrong number of arguments for 'echo' command"), "ECHO", "a", "b")
	alice.Call(errReply("ERR wrong number of arguments for 'ping' command"), "PING", "a", "b")
	alice.Call(pong, "PING")
}

// protocolErrors: input that is not RESP gets Redis's protocol error and
// the connection is closed, since nothing after it can be framed; the
// server goes on serving everyone else.
func (s suite) protocolErrors(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	for _, tc := range []struct{ who, send, want string }{
		{"alice", "*abc\r\n", "ERR Protocol error: invalid multibulk length"},
		{"bob", "*1\r\nPING\r\n", "ERR Protocol error: expected '$', got 'P'"},
		{"carol", "*1\r\n$x\r\n", "ERR Protocol error: invalid bulk length"},
		{"dave", "ECHO \"unclosed\r\n", "ERR Protocol error: unbalanced quotes in request"},
		{"frank", "*2\r\n$4\r\nECHO\r\n$-1\r\n", "ERR Protocol error: invalid bulk length"},
		// Lengths are read as strictly as INCR reads a number.
		{"erin", "*1\r\n$+4\r\nPING\r\n", "ERR Protocol error: invalid bulk length"},
		{"heidi", "*01\r\n$4\r\nPING\r\n", "ERR Protocol error: invalid multibulk length"},
		// A closing quote must end the argument.
		{"ivan", "ECHO \"a\"b\r\n", "ERR Protocol error: unbalanced quotes in request"},
	} {
		cl := dial(c, tc.who)
		cl.Send(tc.send)
		cl.Expect(errReply(tc.want))
		cl.ExpectEOF()
	}
	dial(c, "gina").Call(pong, "PING")
}

// quit: QUIT is answered +OK, then the server closes the connection.
func (s suite) quit(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice := dial(c, "alice")
	alice.Call(ok, "QUIT")
	alice.ExpectEOF()
}

// twoClients: each client is served on its own, at the same time.
func (s suite) twoClients(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{})
	alice, bob := dial(c, "alice"), dial(c, "bob")
	alice.Send("*2\r\n$4\r\nECHO\r\n$5\r\nhe") // half a command: alice's server side waits
	bob.Call(pong, "PING")                     // and bob must not wait for her
	alice.Send("llo\r\n")
	alice.Expect(bulk("hello"))
}
