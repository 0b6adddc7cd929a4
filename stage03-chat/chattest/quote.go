package chattest

import (
	"fmt"
	"strings"
)

// quote renders a line as the kit's reports render traffic, escaping byte
// by byte (a bell is \x07, not \a), so that a line named in a message
// reads the same as in the traffic above it. It copies the kit's
// unexported quote; use check.Quote instead once the kit exports it.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range []byte(s) {
		switch {
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
