package chattest

import (
	"fmt"
	"net"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// What a full outbox costs (full-outbox), and the welcome in a busy room
// (busy-welcome).
const (
	fullQueue   = 20000     // the large -queue of full-outbox
	fullStalled = 10        // clients that never read, in each room
	fullRounds  = 7         // timed runs through each room, alternating, at most
	fullLines   = 500       // lines per timed run
	fullLine    = 40        // bytes of text per line
	fullFactor  = 4         // how much slower the large queue may be
	fullBig     = 512 << 10 // the long lines that block the stalled clients' writers, and -max-line
	fullMargin  = 1000      // short lines beyond -queue, for lines a writer took before it blocked

	busyNewcomers = 200
	busyBurst     = 1000 // lines alice sends just before each newcomer connects
	busyQueue     = 1
)

// After fullSureTurns turns, a large room still fullSure times over
// fullFactor in its fastest turn is judged at once: a copying outbox is 20
// to 100 times slower, and each more turn of it costs seconds.
const (
	fullSureTurns = 3
	fullSure      = 4
)

// fullRoom is one room of full-outbox: alice talks, bob reads, and the
// stalled clients read nothing.
type fullRoom struct {
	queue      int
	alice, bob *member
	best       time.Duration // the fastest timed run so far
}

// full-outbox: two rooms, each with ten clients that never read, one with
// -queue 100 and one with -queue 20000. Their outboxes are full, so every
// line said drops the oldest line of each. Lines must pass through the
// large room about as fast as through the small one: a push into a full
// outbox must cost the same whatever -queue is. The rooms are timed in
// turns and only their ratio counts, so a busy machine slows both alike.
func (cc *chatCase) fullOutbox() {
	small := cc.fullRoom(DefaultQueue)
	large := cc.fullRoom(fullQueue)
	phase := "filling the stalled clients' outboxes"
	cc.Note(func() string { return fmt.Sprintf(noteFull, fullStalled, fullQueue, phase) })
	for _, r := range []*fullRoom{small, large} {
		cc.fill(r)
	}
	phase = "timing the two rooms in turns"
	next := 0
	for turn := range fullRounds {
		for _, r := range []*fullRoom{small, large} {
			start := time.Now()
			next = cc.relay(r, next, fullLines, fullLine)
			if d := time.Since(start); r.best == 0 || d < r.best {
				r.best = d
			}
		}
		if large.best <= fullFactor*small.best {
			break // fast enough already: more turns could only say so again
		}
		if turn+1 >= fullSureTurns && large.best > fullSure*fullFactor*small.best {
			break // far too slow in its fastest turn: more turns would not change that
		}
	}
	if ratio := float64(large.best) / float64(small.best); ratio > fullFactor {
		cc.Failf(msgFullSlow, fullStalled, fullQueue, ratio, fullLines, large.best.Round(time.Millisecond),
			small.best.Round(time.Millisecond), fullFactor)
	}
}

// fullRoom starts a room with -queue queue: alice, bob, and the stalled
// clients. These ask for small TCP segments and a small receive buffer
// (smallWindow), so that the kernels on the way hold some 100 KB of what
// the server sends each, not 4 MB: their outboxes fill soon after.
func (cc *chatCase) fullRoom(queue int) *fullRoom {
	cc.Helper()
	check.Launch(cc.T, cc.impl.Serve, Config{Queue: queue, MaxLine: fullBig})
	r := &fullRoom{queue: queue}
	label := fmt.Sprintf("q%d", queue)
	r.alice = cc.join("alice." + label)
	r.bob = cc.join("bob." + label)
	for i := range fullStalled {
		name := fmt.Sprintf("stalled%d.%s", i+1, label)
		cl, err := cc.DialWith(name, &net.Dialer{Control: smallWindow})
		if err != nil {
			cc.Failf(msgCouldNotConnect, name, err)
		}
		m := cc.welcomed(cl)
		r.bob.Expect("* " + m.addr + " joined\n")
	}
	return r
}

// fill sends through r what fills every stalled client's outbox: two
// lines of 512 KiB first, more than the kernels on the way hold, so that
// each stalled client's writer waits in Write for good, in the middle of
// one of them; then more short lines than the outbox holds. (Many shorter
// lines would not do: the kernels take more over the first few hundred
// milliseconds, and a writer that finishes its batch then takes the whole
// outbox at once and empties it.)
func (cc *chatCase) fill(r *fullRoom) {
	cc.Helper()
	next := cc.relay(r, 0, 2, fullBig)
	cc.relay(r, next, r.queue+fullMargin, fullLine)
}

// relay has alice send n numbered lines of size bytes, from number first,
// in rounds that bob reads in full; it returns the next number.
func (cc *chatCase) relay(r *fullRoom, first, n, size int) int {
	cc.Helper()
	var round, want []byte
	for i := first; i < first+n; {
		round, want = round[:0], want[:0]
		for end := min(i+stallRound, first+n); i < end; i++ {
			t := text("full", i, size)
			round = append(round, t+"\n"...)
			want = append(want, said(r.alice.addr, t)...)
		}
		r.alice.SendBytes(round)
		r.bob.ExpectBytes(want)
	}
	return first + n
}

// busy-welcome: with -queue 1, newcomers join one by one, each right
// after alice has sent a burst of lines, so that the room is busy
// relaying them while the newcomer joins. Each newcomer's first line is
// the welcome: it can never be dropped, however many lines come before
// the newcomer's writer first runs. (Bursts, not an endless flood: on one
// CPU a flood would leave the newcomers little time to connect.)
func (cc *chatCase) busyWelcome() {
	check.Launch(cc.T, cc.impl.Serve, Config{Queue: busyQueue})
	alice := cc.join("alice")
	var burst []byte
	joined := 0
	cc.Note(func() string { return fmt.Sprintf(noteBusyWelcome, joined, busyNewcomers, busyBurst, busyQueue) })
	for i := range busyNewcomers {
		burst = burst[:0]
		for k := range busyBurst {
			burst = fmt.Appendf(burst, "burst %d.%d\n", i, k)
		}
		alice.SendBytes(burst)
		m := cc.Dial(fmt.Sprintf("newcomer%d", i+1))
		if line := m.ReadLine(); line != Welcome {
			if strings.HasPrefix(line, "* missed ") {
				cc.Failf(msgWelcomeDropped, m.Name, check.Quote(line), busyQueue)
			}
			cc.Failf(msgWrongLine, m.Name, check.Diff([]byte(Welcome), []byte(line)))
		}
		m.Close()
		joined++
	}
}
