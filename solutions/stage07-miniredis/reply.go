package miniredis

import (
	"bufio"
	"strconv"
	"strings"
)

// replyWriter encodes RESP2 replies into a bufio.Writer. Nothing reaches
// the client until the connection flushes, which it does once it has
// answered every command received so far (see netReader), so a pipeline
// of a hundred commands costs one write, not a hundred.
//
// Its methods ignore write errors: a bufio.Writer remembers the first one
// and returns it from Flush, where the connection finds it.
type replyWriter struct{ *bufio.Writer }

// simple writes a simple string, such as +OK.
func (w replyWriter) simple(s string) {
	w.WriteByte('+')
	w.WriteString(s)
	w.WriteString("\r\n")
}

// error writes err's text as an error reply. A protocol line ends at the
// first CR or LF, and an error may quote the client's own words, so, as
// Redis does, trailing newlines are dropped and inner ones become spaces.
func (w replyWriter) error(err error) {
	w.WriteByte('-')
	// Redis turns CR and LF into spaces, so that the error stays one
	// line, and leaves every other byte as it is: a command name that is
	// not UTF-8 comes back as the client sent it.
	for _, b := range []byte(strings.TrimRight(err.Error(), "\r\n")) {
		if b == '\r' || b == '\n' {
			b = ' '
		}
		w.WriteByte(b)
	}
	w.WriteString("\r\n")
}

// integer writes an integer reply, such as :42.
func (w replyWriter) integer(n int64) { w.header(':', n) }

// array writes the header of an array of n replies; the caller writes them.
func (w replyWriter) array(n int) { w.header('*', int64(n)) }

// bulk writes a bulk string.
func (w replyWriter) bulk(b []byte) {
	w.header('$', int64(len(b)))
	w.Write(b)
	w.WriteString("\r\n")
}

// bulkString writes a bulk string held in a string.
func (w replyWriter) bulkString(s string) {
	w.header('$', int64(len(s)))
	w.WriteString(s)
	w.WriteString("\r\n")
}

// null writes RESP2's null bulk string, the reply for "no value".
func (w replyWriter) null() { w.WriteString("$-1\r\n") }

// header writes a type byte, a number and CRLF. It formats the number in
// the writer's own free space, so replies cost no allocation.
func (w replyWriter) header(kind byte, n int64) {
	b := w.AvailableBuffer()
	b = append(b, kind)
	b = strconv.AppendInt(b, n, 10)
	b = append(b, "\r\n"...)
	w.Write(b)
}

// pubsubReply writes the reply to (P)(UN)SUBSCRIBE, [kind, name, count]:
// the channel or pattern concerned and how many the client is now
// subscribed to. A nil name is sent as a null, as Redis does when an
// UNSUBSCRIBE without arguments finds nothing to unsubscribe from.
func (w replyWriter) pubsubReply(kind string, name []byte, count int) {
	w.array(3)
	w.bulkString(kind)
	if name == nil {
		w.null()
	} else {
		w.bulk(name)
	}
	w.integer(int64(count))
}

// appendMessage encodes a published message for subscribers of the
// channel: [message, channel, payload].
func appendMessage(dst, channel, payload []byte) []byte {
	dst = append(dst, "*3\r\n$7\r\nmessage\r\n"...)
	dst = appendBulk(dst, channel)
	return appendBulk(dst, payload)
}

// appendPMessage encodes a published message for subscribers of a pattern
// that matched the channel: [pmessage, pattern, channel, payload].
func appendPMessage(dst []byte, pattern string, channel, payload []byte) []byte {
	dst = append(dst, "*4\r\n$8\r\npmessage\r\n"...)
	dst = appendBulk(dst, pattern)
	dst = appendBulk(dst, channel)
	return appendBulk(dst, payload)
}

// appendBulk encodes a bulk string.
func appendBulk[T string | []byte](dst []byte, b T) []byte {
	dst = append(dst, '$')
	dst = strconv.AppendInt(dst, int64(len(b)), 10)
	dst = append(dst, "\r\n"...)
	dst = append(dst, b...)
	return append(dst, "\r\n"...)
}
