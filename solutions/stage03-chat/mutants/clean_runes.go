package mutants

import "strings"

// CleanRunes drops control characters by ranging over runes, with
// strings.Map. That reads the line as UTF-8: every byte that is not valid
// UTF-8 comes out as U+FFFD, "\xef\xbf\xbd", so a client that sends
// Latin-1 or binary gets its bytes changed instead of passed on.
var CleanRunes = serveWith(func(r *room) {
	r.clean = func(s string) string {
		return strings.Map(func(r rune) rune { // BUG: decodes UTF-8; invalid bytes become U+FFFD
			if r < 0x20 && r != '\t' || r == 0x7f {
				return -1
			}
			return r
		}, s)
	}
})
