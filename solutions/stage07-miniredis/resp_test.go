package miniredis

import (
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll parses every command in input, reading it a byte at a time so
// that every possible split of the stream is exercised.
func readAll(t *testing.T, input string) ([][]string, error) {
	t.Helper()
	r := newReader(iotest.OneByteReader(strings.NewReader(input)), DefaultMaxBulk)
	var cmds [][]string
	for {
		args, err := r.readCommand()
		if err != nil {
			return cmds, err
		}
		var strs []string
		for _, a := range args {
			strs = append(strs, string(a)) // a copy: args are reused
		}
		cmds = append(cmds, strs)
	}
}

func TestReader(t *testing.T) {
	input := "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n" +
		"PING\n" +
		"  \r\n" + // blank: no command
		"*0\r\n" + // empty: no command
		`ECHO "a\x41\n\"b" 'c\'d' e"f g"` + "\r\n" +
		"*1\r\n$4\r\nPINGxx" // the two bytes after a payload are skipped unseen, as in Redis
	want := [][]string{{"SET", "k", ""}, {"PING"}, nil, nil, {"ECHO", "aA\n\"b", "c'd", "ef g"}, {"PING"}}
	got, err := readAll(t, input)
	if !errors.Is(err, io.EOF) {
		t.Errorf("after the last command: %v; want EOF", err)
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestReaderErrors(t *testing.T) {
	for _, tc := range []struct{ input, want string }{
		{"*1\r\n$4\r\nPI", "unexpected EOF"},
		{"*-1\r\n*x\r\n", "ERR Protocol error: invalid multibulk length"},
		{"*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length"},
		{"*1\r\n:1\r\n", "ERR Protocol error: expected '$', got ':'"},
		{"ECHO 'a\r\n", "ERR Protocol error: unbalanced quotes in request"},
		{strings.Repeat("a", maxLine+1), "ERR Protocol error: too big inline request"},
	} {
		_, err := readAll(t, tc.input)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%.30q: %v; want %s", tc.input, err, tc.want)
		}
	}
}

// TestReaderAllocatesAsDataArrives checks that headers promising two
// billion arguments and a bulk of 512 MiB cost memory only for the bytes
// that came.
func TestReaderAllocatesAsDataArrives(t *testing.T) {
	input := "*2000000000\r\n$3\r\nGET\r\n$536870912\r\n" + strings.Repeat("x", 100_000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readAll(t, input)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("got %v; want an unexpected EOF", err)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 1<<20 {
		t.Errorf("allocated %d KiB for 100 KB of input; want far less than a MiB", grown>>10)
	}
}

func TestParseInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"42", 42, true},
		{"-42", -42, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"-9223372036854775808", -9223372036854775808, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"99999999999999999999", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"-0", 0, false},
		{"05", 0, false},
		{"+5", 0, false},
		{" 5", 0, false},
		{"5x", 0, false},
	} {
		if got, ok := parseInt(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("parseInt(%q) = %d, %t; want %d, %t", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"news.*", "news.sport", true},
		{"news.*", "news", false},
		{"a/*", "a/b/c", true}, // unlike path.Match, * crosses slashes
		{"h?llo", "hello", true},
		{"h?llo", "hllo", false},
		{"h[ae]llo", "hallo", true},
		{"h[^e]llo", "hello", false},
		{"h[a-c]llo", "hbllo", true},
		{"h[c-a]llo", "hbllo", true}, // a reversed range, as Redis allows
		{`h\*llo`, "h*llo", true},
		{`h\*llo`, "hello", false},
		{"h[ab", "ha", true}, // an unclosed class, as Redis allows
		{"a*b*c", "axxbyyc", true},
		{strings.Repeat("a*", 30) + "b", strings.Repeat("a", 60), false}, // not exponential
	} {
		if got := globMatch(tc.pattern, tc.s, false); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %t; want %t", tc.pattern, tc.s, got, tc.want)
		}
	}
	if !globMatch("MAX*", "maxclients", true) {
		t.Error("globMatch with nocase does not ignore case")
	}
}

// A header whose LF arrives with the next read: skipping it refills the
// read buffer, over the bytes of the header already read.
func TestHeaderSplitBeforeLF(t *testing.T) {
	r := newReader(&reads{"*2\r\n$3\r", "\nGET\r\n$3\r", "\nkey\r\n"}, DefaultMaxBulk)
	args, err := r.readCommand()
	if err != nil {
		t.Fatalf("readCommand: %v", err)
	}
	if len(args) != 2 || string(args[0]) != "GET" || string(args[1]) != "key" {
		t.Fatalf("readCommand = %q, want [GET key]", args)
	}
}

// reads returns one of its strings per Read, as the network may.
type reads []string

func (rs *reads) Read(p []byte) (int, error) {
	if len(*rs) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*rs)[0])
	if n == len((*rs)[0]) {
		*rs = (*rs)[1:]
	} else {
		(*rs)[0] = (*rs)[0][n:]
	}
	return n, nil
}
