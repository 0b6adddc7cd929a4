package shutdown

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// The line reader's promises: lines in order without their endings, a
// last unterminated line, a line over the limit refused as soon as the
// limit is crossed, and a buffer that grows only for a long line and is
// dropped after it.
func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	input := "a\r\nb\n" + long + "\nc"
	// One byte per Read: every line is assembled across many reads.
	lr := newLineReader(iotest.OneByteReader(strings.NewReader(input)), 1<<20)
	for _, want := range []string{"a", "b", long, "c"} {
		line, err := lr.readLine()
		if err != nil || string(line) != want {
			t.Fatalf("readLine = %.20q, %v; want %.20q", line, err, want)
		}
		if want == long && len(lr.buf) < len(long) {
			t.Errorf("after the long line the buffer is %d bytes, too small to have held it", len(lr.buf))
		}
	}
	if len(lr.buf) > firstBuffer {
		t.Errorf("after the long line was answered the buffer is still %d bytes; want at most %d", len(lr.buf), firstBuffer)
	}
	if _, err := lr.readLine(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last line readLine returned %v; want io.EOF", err)
	}
}

func TestLineReaderLimit(t *testing.T) {
	for _, tc := range []struct {
		input string
		want  error
	}{
		{strings.Repeat("x", 8) + "\n", nil},            // exactly the limit
		{strings.Repeat("x", 8) + "\r\n", nil},          // the limit and "\r\n"
		{strings.Repeat("x", 9) + "\n", ErrLineTooLong}, // one byte over
	} {
		_, err := newLineReader(strings.NewReader(tc.input), 8).readLine()
		if !errors.Is(err, tc.want) {
			t.Errorf("readLine(%q) with a limit of 8: %v; want %v", tc.input, err, tc.want)
		}
	}
	// An endless line is refused once the limit is crossed, without
	// waiting for its end.
	endless := io.MultiReader(strings.NewReader(strings.Repeat("x", 64)), blockingReader{t})
	if _, err := newLineReader(endless, 8).readLine(); !errors.Is(err, ErrLineTooLong) {
		t.Errorf("an endless line: %v; want ErrLineTooLong", err)
	}
}

// blockingReader fails the test if it is read: the data before it was
// enough to decide.
type blockingReader struct{ t *testing.T }

func (b blockingReader) Read([]byte) (int, error) {
	b.t.Error("readLine read past the limit")
	return 0, io.EOF
}
