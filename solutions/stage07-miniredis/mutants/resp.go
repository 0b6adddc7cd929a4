package mutants

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// commandReader reads a client's commands: each is its arguments, the
// command's name first; none for a blank line, which gets no reply.
type commandReader interface {
	readCommand() ([][]byte, error)
}

// A protocolError is input that cannot be framed: Redis answers it and
// closes the connection, since it can no longer tell where the next
// command starts.
type protocolError string

func (e protocolError) Error() string { return "ERR Protocol error: " + string(e) }

// respReader reads both forms Redis accepts, told apart by the first
// byte: an array of bulk strings (what client libraries send) or an
// inline command, a line of words (what people type into nc).
type respReader struct {
	br       *bufio.Reader
	maxBulk  int
	maxArray int                                 // the most elements an array may announce
	inline   func(line []byte) ([][]byte, error) // nil: inline commands are not understood
	length   func(b []byte) (int64, bool)        // reads a header's count
}

// maxLine is Redis's limit on an inline command or a header line.
const maxLine = 64 << 10

func newRESPReader(rd io.Reader, s *server) commandReader {
	return &respReader{br: bufio.NewReaderSize(rd, maxLine), maxBulk: s.maxBulk, maxArray: math.MaxInt32, inline: splitArgs, length: parseInt}
}

func (r *respReader) readCommand() ([][]byte, error) {
	first, err := r.br.Peek(1)
	if err != nil {
		return nil, err
	}
	if first[0] != '*' && r.inline != nil {
		line, err := r.line("too big inline request")
		if err != nil {
			return nil, err
		}
		return r.inline(line)
	}
	line, err := r.line("too big mbulk count string")
	if err != nil {
		return nil, err
	}
	if line[0] != '*' {
		return nil, protocolError("expected '*', got '" + string(line[:1]) + "'")
	}
	n, ok := r.length(line[1:]) // as strict as Redis: no "+", no leading 0
	if !ok || n > int64(r.maxArray) {
		return nil, protocolError("invalid multibulk length")
	}
	// Room for at most 1024 up front: a header that promises two billion
	// costs nothing until they arrive.
	args := make([][]byte, 0, min(max(n, 0), 1024))
	for range n {
		arg, err := r.bulk()
		if err != nil {
			return nil, err
		}
		args = append(args, arg)
	}
	return args, nil
}

// bulk reads "$<n>\r\n", n bytes, and the CRLF after them.
func (r *respReader) bulk() ([]byte, error) {
	line, err := r.line("too big bulk count string")
	if err != nil {
		return nil, err
	}
	if line[0] != '$' {
		return nil, protocolError("expected '$', got '" + string(line[:1]) + "'")
	}
	n, ok := r.length(line[1:])
	if !ok || n < 0 || n > int64(r.maxBulk) {
		return nil, protocolError("invalid bulk length")
	}
	// Grow the buffer as the bytes come, 64 KiB at a time and then
	// doubling: a header that promises 400 MB costs what was sent.
	var arg []byte
	for int64(len(arg)) < n {
		step := min(n-int64(len(arg)), max(int64(len(arg)), 64<<10))
		arg = append(arg, make([]byte, step)...)
		if _, err := io.ReadFull(r.br, arg[int64(len(arg))-step:]); err != nil {
			return nil, unexpected(err)
		}
	}
	if _, err := r.br.Discard(2); err != nil {
		return nil, unexpected(err)
	}
	if arg == nil {
		arg = []byte{}
	}
	return arg, nil
}

// line reads a line and returns it without its CRLF (or bare LF), as a
// copy. A line longer than maxLine is the protocol error tooBig.
func (r *respReader) line(tooBig string) ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return nil, protocolError(tooBig)
	}
	if err != nil {
		return nil, unexpected(err)
	}
	line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
	if len(line) == 0 {
		line = []byte(" ") // a blank line: no words, and no header either
	}
	return bytes.Clone(line), nil
}

// unexpected says what an EOF in the middle of a command is.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// splitArgs splits an inline command into words: blanks separate them,
// and "double quotes" group words. (Redis also knows escapes inside
// quotes, and single quotes; the suite does not ask for them.)
func splitArgs(line []byte) ([][]byte, error) {
	args := [][]byte{}
	for rest := bytes.TrimLeft(line, " \t"); len(rest) > 0; rest = bytes.TrimLeft(rest, " \t") {
		if rest[0] != '"' {
			end := bytes.IndexAny(rest, " \t")
			if end < 0 {
				end = len(rest)
			}
			args, rest = append(args, rest[:end]), rest[end:]
			continue
		}
		word, after, closed := bytes.Cut(rest[1:], []byte(`"`))
		if !closed || len(after) > 0 && after[0] != ' ' && after[0] != '\t' {
			return nil, protocolError("unbalanced quotes in request")
		}
		args, rest = append(args, word), after
	}
	return args, nil
}

// The replies, appended to the client's buffer.

func (c *client) simple(s string) { c.out = append(append(append(c.out, '+'), s...), "\r\n"...) }

// err sends an error, which is one line: CR and LF become spaces.
func (c *client) err(s string) {
	c.out = append(append(c.out, '-'), strings.NewReplacer("\r", " ", "\n", " ").Replace(s)...)
	c.out = append(c.out, "\r\n"...)
}
func (c *client) nilBulk() { c.out = append(c.out, "$-1\r\n"...) }

func (c *client) integer(n int64) {
	c.out = strconv.AppendInt(append(c.out, ':'), n, 10)
	c.out = append(c.out, "\r\n"...)
}

func (c *client) bulk(b []byte) {
	c.out = strconv.AppendInt(append(c.out, '$'), int64(len(b)), 10)
	c.out = append(append(append(c.out, "\r\n"...), b...), "\r\n"...)
}

func (c *client) array(n int) {
	c.out = strconv.AppendInt(append(c.out, '*'), int64(n), 10)
	c.out = append(c.out, "\r\n"...)
}

// message and confirmation are replies built on their own, for an
// outbox: what a subscriber receives for a PUBLISH, and for each channel
// it (un)subscribes (kind "subscribe" or "unsubscribe").
func message(channel, msg []byte) []byte {
	var c client
	c.array(3)
	c.bulk([]byte("message"))
	c.bulk(channel)
	c.bulk(msg)
	return c.out
}

func confirmation(kind string, channel []byte, count int) []byte {
	var c client
	c.array(3)
	c.bulk([]byte(kind))
	c.bulk(channel)
	c.integer(int64(count))
	return c.out
}
