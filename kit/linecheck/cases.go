// Package linecheck holds the checks of a line echo server: stage 02's
// Lines group, which stages 04 and 05 run again against their own
// servers. Every check talks to the server only through its TCP address.
package linecheck

import "tcpworkbook/kit/check"

// DefaultMaxLine is the line limit the checks use when the limit is not
// what they are about: 64 KiB, the servers' default.
const DefaultMaxLine = 64 << 10

// SymptomEndingTrimmed is diagnosed when a reply lost bytes of the line
// before its "\n". A stage whose own code trims the ending declares it,
// and gives it a "## symptom: ending-trimmed" section of hints.
const SymptomEndingTrimmed = "ending-trimmed"

// Cases returns the line-echo checks of serve, configured by
// withMaxLine(n) for a check that needs the line limit n; the
// configuration's own Command says the same to an external command.
// Their TODO numbers are stage 02's (a later stage inherits them as given
// code, with check.Inherit); a report of a trimmed line ending points at
// endingTodo.
func Cases[C check.Config](serve check.Serve[C], withMaxLine func(maxLine int) C, endingTodo int) []check.Case {
	l := lines[C]{serve: serve, withMaxLine: withMaxLine, endingTodo: endingTodo}
	// Every check after the first needs a server that answers a line:
	// while Lines/echo fails, they are held back rather than each waiting
	// out its read deadline to fail the same way.
	echo := []string{"Lines/echo"}
	return []check.Case{
		{Name: "Lines/echo", Todo: 1, Run: l.echo},
		{Name: "Lines/many", Todo: 1, Needs: echo, Run: l.many},
		{Name: "Lines/split", Todo: 1, Needs: echo, Run: l.split},
		{Name: "Lines/binary", Todo: 1, Needs: echo, Run: l.binary},
		{Name: "Lines/pipelined", Todo: 1, Needs: echo, Run: l.pipelined},
		{Name: "Lines/crlf", Todo: 2, Needs: echo, Run: l.crlf},
		{Name: "Lines/unterminated", Todo: 3, Needs: echo, Run: l.unterminated},
		{Name: "Lines/too-long", Todo: 4, Needs: echo, Run: l.tooLong},
		{Name: "Lines/bounded", Todo: 4, Needs: echo, Run: l.bounded},
	}
}
