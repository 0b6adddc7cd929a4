package chattest

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// The stalled-client scenario of slow-reader and lagging-reader.
const (
	stallMessages = 20000
	stallRound    = 50               // messages alice sends before the readers catch up
	stallSize     = 1000             // bytes of text per message: 20 MB in all
	stallQueue    = 64               // the -queue of lagging-reader
	stallPatience = 10 * time.Second // how long dave's reads wait as it catches up
)

// stall runs the scenario: dave joins and then reads nothing, while alice
// sends stallMessages lines in rounds, and bob and carol read each round in
// full before the next. It returns alice and dave.
func (cc *chatCase) stall(cfg Config) (alice, dave *member) {
	cc.Helper()
	check.Launch(cc.T, cc.impl.Serve, cfg)
	dave = cc.join("dave")
	// A fixed receive buffer, so that what dave's kernel holds for it does
	// not depend on the machine's autotuning: the 20 MB alice sends are
	// far more than it and the server's send buffer together. (Not much
	// smaller, though: on loopback a TCP segment is 64 KiB, and a window
	// smaller than a segment leaves TCP waiting on its persist timer.)
	if tc, ok := dave.Conn().(*net.TCPConn); ok {
		tc.SetReadBuffer(256 << 10)
	}
	alice = cc.join("alice")
	bob, carol := cc.join("bob"), cc.join("carol")
	alice.Send("ready\n")
	bob.readUntil(said(alice.addr, "ready"))
	carol.readUntil(said(alice.addr, "ready"))

	sent, stalling := 0, true
	cc.Note(func() string {
		if !stalling {
			return ""
		}
		return fmt.Sprintf(noteStalling, sent, stallMessages, stallSize, stallRound)
	})
	if check.ServerInProcess() {
		// The server runs in this process: if the room stalled, its
		// goroutines show where.
		cc.Note(func() string {
			if reading := writeUnderLock(dumpGoroutines()); stalling && reading != "" {
				cc.diagnose(symptomWriteUnderLock, 2, reading)
			}
			return ""
		})
	}
	var round, want []byte
	for sent < stallMessages {
		round, want = round[:0], want[:0]
		for i := sent; i < sent+stallRound; i++ {
			t := text("lag", i, stallSize)
			round = append(round, t+"\n"...)
			want = append(want, said(alice.addr, t)...)
		}
		alice.SendBytes(round)
		bob.ExpectBytes(want)
		carol.ExpectBytes(want)
		sent += stallRound
	}
	stalling = false
	return alice, dave
}

// slow-reader: a client that stops reading delays nobody. dave reads
// nothing while alice sends 20,000 messages; bob and carol get every one.
func (cc *chatCase) slowReader() {
	cc.stall(Config{})
}

// lagging-reader: a client that falls behind loses the oldest messages,
// never more than -queue wait for it, and when it reads again it is told
// how many it missed and then gets the newer ones.
func (cc *chatCase) laggingReader() {
	alice, dave := cc.stall(Config{Queue: stallQueue})
	// After 20 MB went by, what dave is owed comes through full kernel
	// buffers and a writer goroutine that a loaded machine may leave
	// silent for seconds (CI's gate saw 2 s of it twice, with six
	// servers under -race at once): the check is about what arrives.
	dave.Patient(stallPatience)
	const last = stallMessages - 1
	var (
		next    = 0  // the message expected next if nothing was dropped
		missed  = -1 // from the last notice, until the message after it
		notices = 0
		since   = 0 // messages since the last notice
		got     = 0
	)
	cc.Note(func() string {
		note := fmt.Sprintf(noteLagging, got, next-1, notices)
		if next <= last {
			note += " " + noteLagCutOff
		}
		return note
	})
	for next <= last {
		line := dave.ReadLine()
		if rest, ok := strings.CutPrefix(line, "* missed "); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(rest, " messages\n"))
			if err != nil || n <= 0 || !strings.HasSuffix(rest, " messages\n") {
				cc.Failf(msgBadMissed, check.Quote(line))
			}
			if missed >= 0 {
				// A drop comes with the line that pushed it out, so a
				// notice is always followed by a message.
				cc.Failf(msgLagTwoNotices, check.Quote(line), missed)
			}
			missed, since = n, 0
			notices++
			continue
		}
		if strings.HasPrefix(line, "* ") || line == said(alice.addr, "ready") {
			continue
		}
		from, k, ok := numbered(line, "lag")
		if !ok || from != alice.addr {
			cc.Failf(msgNotFromAlice, check.Quote(line))
		}
		// Before dave's first message, what was dropped may include lines
		// other than alice's messages: three join notices and "ready".
		const others = 4
		switch skipped := k - next; {
		case skipped < 0:
			cc.Failf(msgLagOrder, k, next-1)
		case missed < 0 && skipped > 0:
			cc.Failf(msgLagSilent, k, next-1)
		case missed > 0 && next > 0 && skipped == 0:
			cc.Failf(msgLagNothingMissed, missed, next-1, k)
		case missed >= 0 && next > 0 && skipped != missed, missed >= 0 && next == 0 && (skipped > missed || missed > skipped+others):
			cc.Failf(msgLagCount, missed, skipped, next-1, k)
		}
		missed = -1
		next = k + 1
		since++
		got++
	}
	if notices == 0 {
		cc.Failf(msgLagKeptAll, stallMessages, stallMessages*stallSize/1_000_000, stallQueue)
	}
	if since > stallQueue {
		cc.Failf(msgLagOverQueue, since, stallQueue)
	}
	// The room is quiet now, so dave is owed nothing more. A count of
	// missed lines that is never reset sends a notice after every take,
	// with nothing queued, and the writer never waits again.
	cc.Note(func() string { return noteLagAfterLast })
	dave.ExpectSilence(check.Quiet)
}
