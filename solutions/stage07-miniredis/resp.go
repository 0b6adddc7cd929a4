package miniredis

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"slices"
)

// Sizes from Redis's source, so that limits bite where Redis's do.
const (
	readBufferSize = 16 << 10 // PROTO_IOBUF_LEN: what Redis reads at a time
	maxLine        = 64 << 10 // PROTO_INLINE_MAX_SIZE: the longest inline command or header
	maxArrayLen    = math.MaxInt32
	argsPrealloc   = 1024 // Redis never reserves room for more arguments than this up front
)

// Arguments up to smallArg bytes are read into the reader's arena, which is
// reused from one command to the next, so the common command costs no
// allocation; see reset for keepArena.
const (
	smallArg  = 16 << 10
	keepArena = 64 << 10
)

// reader parses the commands a client sends, in either of the forms Redis
// accepts: an array of bulk strings (RESP, what client libraries send),
// or an inline command, a line of words (what a person types into telnet
// or nc). Like Redis it looks at the first byte to tell them apart.
type reader struct {
	br      *bufio.Reader
	maxBulk int
	args    [][]byte // the arguments of the last command
	arena   []byte   // where small arguments live
	line    []byte   // a line that arrived in more than one read
}

func newReader(rd io.Reader, maxBulk int) *reader {
	return &reader{br: bufio.NewReaderSize(rd, readBufferSize), maxBulk: maxBulk}
}

// readCommand reads the next command and returns its arguments, the first
// being the command's name. It returns no arguments for an empty command
// (a blank line, or an array of zero or fewer elements), which Redis
// ignores. The arguments share buffers that the next call reuses, so a
// caller must copy whatever it keeps. A malformed command is reported as
// a protocolError.
func (r *reader) readCommand() ([][]byte, error) {
	r.reset()
	first, err := r.br.Peek(1)
	if err != nil {
		return nil, err
	}
	if first[0] == '*' {
		err = r.readArray()
	} else {
		err = r.readInline()
	}
	return r.args, err
}

// reset empties the buffers that hold the last command. It drops them
// instead if that command made them large, so that one big command does not
// pin its memory for the life of the connection.
func (r *reader) reset() {
	clear(r.args) // let go of the last command's large arguments
	r.args = r.args[:0]
	if cap(r.args) > argsPrealloc {
		r.args = nil
	}
	r.arena = r.arena[:0]
	if cap(r.arena) > keepArena {
		r.arena = nil
	}
}

// readArray reads a command sent as "*<n>\r\n" and n bulk strings.
func (r *reader) readArray() error {
	line, err := r.readHeader("too big mbulk count string")
	if err != nil {
		return err
	}
	n, ok := parseInt(line[1 : len(line)-1])
	if !ok || n > maxArrayLen {
		return protocolError("invalid multibulk length")
	}
	// Reserve room as Redis does, for at most argsPrealloc arguments: a
	// header that promises two billion costs nothing until they arrive.
	r.args = slices.Grow(r.args, int(min(max(n, 0), argsPrealloc)))
	for range n {
		arg, err := r.readBulk()
		if err != nil {
			return err
		}
		r.args = append(r.args, arg)
	}
	return nil
}

// readBulk reads one bulk string: "$<n>\r\n", n bytes, and two more.
func (r *reader) readBulk() ([]byte, error) {
	line, err := r.readHeader("too big bulk count string")
	if err != nil {
		return nil, err
	}
	if line[0] != '$' {
		return nil, protocolError("expected '$', got '" + string(line[:1]) + "'")
	}
	n, ok := parseInt(line[1 : len(line)-1])
	if !ok || n < 0 || n > int64(r.maxBulk) {
		return nil, protocolError("invalid bulk length")
	}
	var arg []byte
	if n <= smallArg {
		arg, err = r.readSmall(int(n))
	} else {
		arg, err = readGrowing(r.br, int(n))
	}
	if err != nil {
		return nil, err
	}
	// The two bytes after the payload ought to be CRLF. Redis skips them
	// without looking, and so does this server, to answer alike.
	_, err = r.br.Discard(2)
	return arg, err
}

// readSmall reads an argument of n bytes into the arena.
func (r *reader) readSmall(n int) ([]byte, error) {
	// If the arena has to move to grow, the arguments already read keep
	// pointing into the old one, whose bytes stay valid; so no argument
	// ever changes under its reader.
	start := len(r.arena)
	r.arena = slices.Grow(r.arena, n)[:start+n]
	arg := r.arena[start : start+n : start+n] // full slice: an append to it cannot spill into the next
	if _, err := io.ReadFull(r.br, arg); err != nil {
		return nil, eofIsUnexpected(err)
	}
	return arg, nil
}

// readGrowing reads exactly n bytes into a buffer that doubles as they
// arrive: a header that promises a gigabyte costs memory only for the bytes
// that the client actually sends.
func readGrowing(rd io.Reader, n int) ([]byte, error) {
	var buf []byte
	for len(buf) < n {
		buf = slices.Grow(buf, min(max(len(buf), smallArg), n-len(buf)))
		end := min(cap(buf), n)
		if _, err := io.ReadFull(rd, buf[len(buf):end]); err != nil {
			return nil, eofIsUnexpected(err)
		}
		buf = buf[:end]
	}
	return buf, nil
}

// readInline reads a command sent as a line of words.
func (r *reader) readInline() error {
	line, err := r.readLine('\n', "too big inline request")
	if err != nil {
		return err
	}
	line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
	// Inline commands are typed by people, not sent by the million, so
	// their arguments are simply allocated, not placed in the arena.
	r.args, err = appendInlineArgs(r.args, line)
	return err
}

// readHeader reads the line of an array or bulk header, through its CR.
// Like Redis, it ends the line at the CR and skips the byte after it,
// which ought to be LF, without looking at it.
func (r *reader) readHeader(tooBig string) ([]byte, error) {
	line, err := r.readLine('\r', tooBig)
	if err != nil {
		return nil, err
	}
	// line may point into the read buffer, and skipping the LF may have to
	// read more, which can move the buffered bytes over it: keep a copy (a
	// header is a few bytes, and r.line keeps its room).
	r.line = append(r.line[:0], line...)
	if _, err := r.br.Discard(1); err != nil {
		return nil, eofIsUnexpected(err)
	}
	return r.line, nil
}

// readLine returns the bytes up to and including delim. The slice is valid
// until the next read. A line still going after more than maxLine bytes is
// a protocolError with the text tooBig. Redis tests that limit each time
// data arrives, not only when the buffer fills, and so does this: a client
// that sends 70,000 bytes without a newline and waits is told at once.
func (r *reader) readLine(delim byte, tooBig string) ([]byte, error) {
	r.line = r.line[:0]
	for {
		// What is buffered, waiting for the network only if that is
		// nothing.
		buf, err := r.br.Peek(max(r.br.Buffered(), 1))
		if i := bytes.IndexByte(buf, delim); i >= 0 {
			line := buf[:i+1]
			r.br.Discard(len(line)) // the bytes stay put until the next read
			if len(r.line) == 0 {
				return line, nil // the usual case: no copy
			}
			r.line = append(r.line, line...)
			return r.line, nil
		}
		if err != nil {
			// readCommand has seen the line's first byte, so an EOF
			// here cuts a command short.
			return nil, eofIsUnexpected(err)
		}
		r.line = append(r.line, buf...)
		r.br.Discard(len(buf))
		if len(r.line) > maxLine {
			return nil, protocolError(tooBig)
		}
	}
}

// eofIsUnexpected reports an EOF in the middle of a command as what it is:
// the client hung up with a command half sent.
func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
