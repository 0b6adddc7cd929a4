package framing

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"tcpworkbook/stage02-framing/framingtest"
)

// A lineReader's own buffer does not grow with the limit: that is what
// keeps an idle connection small, in every server that reads lines.
func TestLineReaderStartsSmall(t *testing.T) {
	for _, maxLine := range []int{1, 100, DefaultMaxLine, framingtest.MaxLineFlag.Max} {
		lr := newLineReader(strings.NewReader(""), maxLine)
		if size := lr.r.Size(); size > smallBuffer {
			t.Errorf("with a limit of %d, the reader's buffer is %d bytes, more than %d", maxLine, size, smallBuffer)
		}
	}
}

// ReadSlice behaves as bufio.Reader.ReadSlice on a buffer of maxLine+2
// bytes would, whatever the size of its own buffer.
func TestLineReaderReadSlice(t *testing.T) {
	long := strings.Repeat("l", 3*smallBuffer+5)
	type result struct {
		line string
		err  error
	}
	for _, x := range []struct {
		name    string
		maxLine int
		input   string
		want    []result
	}{
		{"short lines", 10, "a\nbb\r\n", []result{{"a\n", nil}, {"bb\r\n", nil}, {"", io.EOF}}},
		{"last line without newline", 10, "a\nend", []result{{"a\n", nil}, {"end", io.EOF}}},
		{"long line within the limit", len(long), long + "\nnext\n", []result{{long + "\n", nil}, {"next\n", nil}, {"", io.EOF}}},
		{"long line cut by EOF", len(long), long, []result{{long, io.EOF}}},
		{"small limit, no newline", 4, "abcdefghijklmnopqrst", []result{{"", bufio.ErrBufferFull}}},
		{"large limit, no newline", 2 * smallBuffer, long, []result{{"", bufio.ErrBufferFull}}},
	} {
		t.Run(x.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(x.input), x.maxLine)
			for i, want := range x.want {
				line, err := lr.ReadSlice()
				if !errors.Is(err, want.err) {
					t.Fatalf("call %d: error %v, want %v", i, err, want.err)
				}
				if want.err == bufio.ErrBufferFull {
					if len(line) < x.maxLine+2 || len(line) > x.maxLine+2+smallBuffer || bytes.IndexByte(line, '\n') >= 0 {
						t.Fatalf("call %d: %d bytes with the error, want at least the limit of %d and no newline", i, len(line), x.maxLine+2)
					}
					continue
				}
				if string(line) != want.line {
					t.Fatalf("call %d: %d bytes %.20q…, want %d bytes %.20q…", i, len(line), line, len(want.line), want.line)
				}
			}
		})
	}
}
