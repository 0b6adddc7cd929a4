package miniredistest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// The replies the checks expect, written as the bytes on the wire, so that
// a failure's caret lands on the first wrong byte.
const (
	ok      = "+OK\r\n"
	pong    = "+PONG\r\n"
	nilBulk = "$-1\r\n"
)

// command encodes args as RESP's array of bulk strings, as every client
// library and redis-cli send a command.
func command(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		b.WriteString(bulk(a))
	}
	return b.String()
}

func bulk(s string) string     { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }
func integer(n int64) string   { return fmt.Sprintf(":%d\r\n", n) }
func errReply(s string) string { return "-" + s + "\r\n" }
func array(items ...string) string {
	return fmt.Sprintf("*%d\r\n", len(items)) + strings.Join(items, "")
}

// message is what a subscriber of channel receives for a PUBLISH of msg.
func message(channel, msg string) string {
	return array(bulk("message"), bulk(channel), bulk(msg))
}

// subscribed is the confirmation of a SUBSCRIBE (kind "subscribe") or an
// UNSUBSCRIBE ("unsubscribe") of channel, with the client's count after it.
func subscribed(kind, channel string, count int64) string {
	return array(bulk(kind), bulk(channel), integer(count))
}

// render shows traffic as redis-cli would: a command as its words
// (SET k v), a reply as OK, (integer) 3, (nil), "text" or (error) ERR …,
// several in one read separated by " · ". What is not RESP, or not yet
// complete, is shown quoted, as the bytes it is.
func render(p []byte) string {
	var parts []string
	for len(p) > 0 {
		text, n := renderOne(p, true)
		if n == 0 {
			parts = append(parts, strconv.Quote(string(p)))
			break
		}
		parts = append(parts, text)
		p = p[n:]
	}
	return strings.Join(parts, " · ")
}

// renderOne renders the RESP value at the start of p and returns how many
// bytes it took, or 0 if p does not start with a whole value. top is true
// outside any array: there an array of bulk strings is a command.
func renderOne(p []byte, top bool) (string, int) {
	line, rest, found := bytes.Cut(p, []byte("\r\n"))
	if !found || len(line) == 0 {
		return "", 0
	}
	head := len(line) + 2
	body := string(line[1:])
	switch line[0] {
	case '+':
		return body, head
	case '-':
		return "(error) " + body, head
	case ':':
		return "(integer) " + body, head
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil {
			return "", 0
		}
		if n < 0 {
			return "(nil)", head
		}
		if len(rest) < n+2 {
			return "", 0
		}
		return strconv.Quote(string(rest[:n])), head + n + 2
	case '*':
		return renderArray(body, rest, head, top)
	}
	if top && isInline(line) {
		return string(line) + " (inline)", head
	}
	return "", 0
}

func renderArray(body string, rest []byte, head int, top bool) (string, int) {
	n, err := strconv.Atoi(body)
	if err != nil || n > 64 {
		return "", 0
	}
	if n < 0 {
		return "(nil array)", head
	}
	items := make([]string, 0, n)
	words := top
	for range n {
		text, used := renderOne(rest, false)
		if used == 0 {
			return "", 0
		}
		words = words && rest[0] == '$'
		items = append(items, text)
		rest = rest[used:]
		head += used
	}
	if words && n > 0 {
		for i, it := range items {
			items[i] = word(it)
		}
		return strings.Join(items, " "), head
	}
	return "[" + strings.Join(items, ", ") + "]", head
}

// word shows a quoted bulk string bare when it reads as one word.
func word(quoted string) string {
	s, err := strconv.Unquote(quoted)
	if err != nil || s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == '"' || r > '~' }) {
		return quoted
	}
	return s
}

func isInline(line []byte) bool {
	return !bytes.ContainsFunc(line, func(r rune) bool { return r < ' ' && r != '\t' })
}
