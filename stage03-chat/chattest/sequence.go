package chattest

import (
	"strconv"
	"strings"
	"tcpworkbook/kit/check"
)

// numbered parses a message of the form "[from]: <word> <n>..." and
// returns from and n.
func numbered(line, word string) (from string, n int, ok bool) {
	rest, ok := strings.CutPrefix(line, "[")
	if !ok {
		return "", 0, false
	}
	from, text, ok := strings.Cut(rest, "]: "+word+" ")
	if !ok {
		return "", 0, false
	}
	digits, _, _ := strings.Cut(strings.TrimSuffix(text, "\n"), " ")
	n, err := strconv.Atoi(digits)
	return from, n, err == nil
}

// sequence checks that numbered messages from several senders arrive at one
// client with none lost, none repeated and each sender's in order.
type sequence struct {
	m    *member
	word string
	next map[string]int // by sender's address: the number expected next
	who  map[string]string
}

func newSequence(m *member, word string, senders []*member) *sequence {
	sq := &sequence{m: m, word: word, next: map[string]int{}, who: map[string]string{}}
	for _, s := range senders {
		if s != m {
			sq.next[s.addr] = 0
			sq.who[s.addr] = s.Name
		}
	}
	return sq
}

// take checks one line. It returns false for a notice.
func (sq *sequence) take(line string) bool {
	c := sq.m.c
	c.Helper()
	if strings.HasPrefix(line, "* ") {
		return false
	}
	from, n, ok := numbered(line, sq.word)
	if !ok {
		c.Failf(msgNotSent, sq.m.Name, check.Quote(line))
	}
	if from == sq.m.addr {
		c.Failf(msgOwnMessage, sq.m.Name, check.Quote(line))
	}
	want, known := sq.next[from]
	switch {
	case !known:
		c.Failf(msgUnknownSender, sq.m.Name, check.Quote(line), from)
	case n < want:
		c.Failf(msgTwice, sq.m.Name, n, sq.who[from], want-1)
	case n > want:
		c.Failf(msgSkipped, sq.m.Name, n, sq.who[from], want)
	}
	sq.next[from] = n + 1
	return true
}
