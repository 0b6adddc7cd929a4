package chat

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// readAll returns what next gives for input, one string per line and
// "!" for errLineTooLong, until EOF.
func readAll(t *testing.T, input string, limit int) []string {
	t.Helper()
	lr := newLineReader(iotestChunks(input, 3), limit)
	var got []string
	for {
		line, err := lr.next()
		switch {
		case errors.Is(err, io.EOF):
			return got
		case errors.Is(err, errLineTooLong):
			got = append(got, "!")
		case err != nil:
			t.Fatalf("next: %v", err)
		default:
			got = append(got, string(line))
		}
	}
}

// iotestChunks reads s a few bytes at a time, so lines span reads.
func iotestChunks(s string, n int) io.Reader { return &chunked{s: s, n: n} }

type chunked struct {
	s string
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), c.n)], c.s)
	c.s = c.s[k:]
	return k, nil
}

func TestLineReader(t *testing.T) {
	tests := []struct {
		name, input string
		limit       int
		want        []string
	}{
		{"lines", "a\nbb\r\n\nlast", 5, []string{"a", "bb", "", "last"}},
		{"at the limit", "12345\r\n12345\n", 5, []string{"12345", "12345"}},
		{"over the limit", "123456\nok\n", 5, []string{"!", "ok"}},
		{"far over, then more", strings.Repeat("x", 50) + "\nok\n", 5, []string{"!", "ok"}},
		{"spans reads", strings.Repeat("y", 10000) + "\n", 16 << 20, []string{strings.Repeat("y", 10000)}},
		{"long last line", strings.Repeat("z", 50), 5, []string{"!"}},
	}
	// No subtests: checkdocs takes every subtest here for a suite check.
	for _, tc := range tests {
		got := readAll(t, tc.input, tc.limit)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// An over-long line is reported before its end arrives.
func TestLineReaderPrompt(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	go pw.Write([]byte(strings.Repeat("x", 200))) // no "\n", and no more
	errc := make(chan error, 1)
	go func() {
		_, err := newLineReader(pr, 100).next()
		errc <- err
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, errLineTooLong) {
			t.Fatalf("next = %v, want errLineTooLong", err)
		}
	case <-time.After(5 * time.Second):
		pr.Close()
		t.Fatal("next waited for the end of an over-long line")
	}
}

// A huge limit costs nothing until a long line comes, and a long line's
// buffer is not kept.
func TestLineReaderMemory(t *testing.T) {
	big := strings.Repeat("w", 1<<20)
	lr := newLineReader(strings.NewReader("x\n"+big+"\nx\n"), 16<<20)
	if size := lr.r.Size(); size > readBufSize {
		t.Errorf("read buffer of %d bytes for a 16 MiB limit, want at most %d", size, readBufSize)
	}
	for range 3 {
		if _, err := lr.next(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := lr.next(); !errors.Is(err, io.EOF) {
		t.Fatalf("want EOF, got %v", err)
	}
	if cap(lr.long) > keepLineCap {
		t.Errorf("a 1 MiB line's buffer (%d bytes) is still held", cap(lr.long))
	}
}
