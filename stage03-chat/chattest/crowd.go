package chattest

import (
	"fmt"
	"slices"
	"strings"

	"tcpworkbook/kit/check"
)

// The room used from every side at once: crowd and name-race.
const (
	crowdRounds   = 16
	crowdVisitors = 4   // visitors per round
	crowdBurst    = 100 // commands of each kind per member at the end of a round
	crowdSmall    = 20  // commands of bob's and alice's just after a visitor joins
	crowdQueue    = 10000

	nameRounds    = 300
	nameClaimants = 4
	nameBurst     = 50 // names each claimant asks for in a round, all the same
	crowdProcs    = 4  // the least GOMAXPROCS crowd and name-race run the server with
)

// crowd: every command runs while the room changes. Visitors join, take
// a name, /msg alice, /who and leave (close, reset, /quit); just after each
// one joins, alice sends a burst of /msg to dave, or bob one of /who, in
// turns. At the end of each round all three send bursts at once, carol
// plain lines. Each command reads the room's map while other goroutines
// change it, and under -race the detector sees every path that touches it.
// (The burst right after a join runs alone: any lock taken meanwhile would
// tell the race detector of the change and hide an unlocked read, and the
// detector reports that read first only if it follows the change.)
// Everything must still arrive: each private message and line once and in
// order, and every /who sorted, with the asker in it.
func (cc *chatCase) crowd() {
	check.Launch(cc.T, cc.impl.Serve, Config{Queue: crowdQueue})
	cc.AtLeastProcs(crowdProcs)
	ms := cc.room("alice", "bob", "carol", "dave")
	alice, bob, carol, dave := ms[0], ms[1], ms[2], ms[3]
	round := 0
	cc.Note(func() string { return fmt.Sprintf(noteCrowd, round+1, crowdRounds) })
	for ; round < crowdRounds; round++ {
		want := &crowdWant{who: map[*member]int{}, left: map[string]bool{}}
		sent := 0 // alice's /msg to dave in this round
		msgs := func(n int, send func(func() error)) {
			send(burst(alice, n, func(i int) string { return fmt.Sprintf("/msg dave a%d.%d\n", round, sent+i) }))
			for i := range n {
				want.add(dave, fmt.Sprintf("[alice (private)]: a%d.%d\n", round, sent+i))
			}
			sent += n
		}
		for k := range crowdVisitors {
			v := cc.visit(round, k, func(v *member) {
				cc.awaitInRoom(carol, v)
				if k%2 == 0 {
					msgs(crowdSmall, cc.now)
					return
				}
				cc.now(burst(bob, crowdSmall, func(int) string { return "/who\n" }))
				want.who[bob] += crowdSmall
			})
			want.add(alice, "["+v+" (private)]: hello alice\n")
			want.left["* "+v+" left\n"] = true
			cc.Wait()
		}
		cc.Go(burst(bob, crowdBurst, func(int) string { return "/who\n" }))
		want.who[bob] += crowdBurst
		msgs(crowdBurst, cc.Go)
		cc.Go(burst(carol, crowdBurst, func(i int) string { return fmt.Sprintf("c%d.%d\n", round, i) }))
		for i := range crowdBurst {
			for _, m := range []*member{alice, bob, dave} {
				want.add(m, said("carol", fmt.Sprintf("c%d.%d", round, i)))
			}
		}
		cc.Wait()
		cc.expectCrowd(want, alice, bob, dave)
	}
	alice.Send("/who\n")
	alice.Expect(sortedList("alice", "bob", "carol", "dave"))
}

// now runs a writer made for check.T.Go at once, in the case's goroutine.
func (cc *chatCase) now(write func() error) {
	cc.Helper()
	if err := write(); err != nil {
		cc.Failf("%v", err)
	}
}

// burst returns a writer for check.T.Go that sends n lines made by line,
// in one write: the server reads them in a few large reads and runs them
// back to back, while the room changes around it.
func burst(m *member, n int, line func(i int) string) func() error {
	var b strings.Builder
	for i := range n {
		b.WriteString(line(i))
	}
	return func() error {
		if err := m.Write([]byte(b.String())); err != nil {
			return fmt.Errorf(errCouldNotSend, m.Name, err)
		}
		return nil
	}
}

// visit joins visitor k of round and calls joined; then the visitor takes a
// name, sends alice a private message, asks /who and leaves once the reply
// shows it in the room. It returns the visitor's name.
func (cc *chatCase) visit(round, k int, joined func(v *member)) string {
	cc.Helper()
	name := fmt.Sprintf("v%d_%d", round, k)
	v := cc.join(fmt.Sprintf("visitor%d.%d", round, k))
	joined(v)
	v.Send("/name " + name + "\n")
	v.Send("/msg alice hello alice\n/who\n")
	for {
		line := v.ReadLine()
		if line == "* you are now "+name+"\n" {
			v.name = name
		}
		list, ok := strings.CutPrefix(line, "* online: ")
		if !ok {
			continue
		}
		names := strings.Split(strings.TrimSuffix(list, "\n"), ", ")
		if !slices.IsSorted(names) || !slices.Contains(names, name) {
			cc.Failf(msgCrowdWho, v.Name, check.Quote(line), name)
		}
		break
	}
	switch k % 3 {
	case 0:
		v.Close()
	case 1:
		v.Reset()
	default:
		v.Send("/quit\n")
		v.readUntil("* bye\n")
	}
	return name
}

// awaitInRoom has m ask /who until v is in the list: the server has then
// put v in its room. The welcome alone does not say so (a server may
// greet first). A burst read before v's entry is written can be ordered
// before the write by the locks the join takes in between (its "joined"
// notices take each outbox's lock), and then the race detector sees no
// race in an unlocked read; a burst read after the write is never ordered
// with it.
func (cc *chatCase) awaitInRoom(m, v *member) {
	cc.Helper()
	for {
		m.Send("/who\n")
		line := m.ReadLine()
		for !strings.HasPrefix(line, "* online: ") {
			line = m.ReadLine()
		}
		names := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "* online: "), "\n"), ", ")
		if slices.Contains(names, v.addr) {
			return
		}
	}
}

// crowdWant is what the members must still receive in a round of crowd:
// lines in order per member, a number of /who replies, and the departures
// that alice (the first member) must hear of, in any order: a reset
// visitor's leave may come after the next visitor's.
type crowdWant struct {
	lines map[*member][]string
	who   map[*member]int
	left  map[string]bool
}

func (w *crowdWant) add(m *member, line string) {
	if w.lines == nil {
		w.lines = map[*member][]string{}
	}
	w.lines[m] = append(w.lines[m], line)
}

// expectCrowd reads each member's lines until it has received all that
// want lists for it. Lines from one sender must come in the order sent,
// but different senders' lines interleave, so each wanted line is matched
// against the next one still due from its sender.
func (cc *chatCase) expectCrowd(want *crowdWant, ms ...*member) {
	cc.Helper()
	for i, m := range ms {
		due := map[string][]string{} // by sender: what is still to come
		left := 0
		for _, line := range want.lines[m] {
			k := crowdSender(line)
			due[k] = append(due[k], line)
			left++
		}
		gone := map[string]bool{}
		if i == 0 {
			gone = want.left
			left += len(gone)
		}
		whos := want.who[m]
		for left > 0 || whos > 0 {
			line := m.ReadLine()
			if list, ok := strings.CutPrefix(line, "* online: "); ok && whos > 0 {
				names := strings.Split(strings.TrimSuffix(list, "\n"), ", ")
				if !slices.IsSorted(names) || !slices.Contains(names, m.name) {
					cc.Failf(msgCrowdWho, m.Name, check.Quote(line), m.name)
				}
				whos--
				continue
			}
			from, _, _ := strings.Cut(line, "]: ")
			next := due[from]
			switch {
			case gone[line]:
				delete(gone, line)
				left--
			case len(next) > 0 && next[0] == line:
				due[from] = next[1:]
				left--
			case len(next) > 0:
				cc.Failf(msgCrowdWrong, m.Name, check.Diff([]byte(next[0]), []byte(line)))
			case strings.HasPrefix(line, "* ") && !strings.HasPrefix(line, "* online: "):
				// joined, renamed and (for the others) left notices
			default:
				cc.Failf(msgCrowdUnexpected, m.Name, check.Quote(line))
			}
		}
	}
}

// crowdSender is the sender part of a message, "[alice" or "[alice
// (private)": lines with the same one must arrive in the order sent.
func crowdSender(line string) string {
	from, _, _ := strings.Cut(line, "]: ")
	return from
}

// name-race: a few clients ask for the same free names at the same
// moment: each sends the same burst of /name lines at once, round after
// round, so that their goroutines in the server rename side by side. Each
// client is told, in the order the server decided, every rename and its
// own answers; what one client is told never gives one name to two
// clients at once.
func (cc *chatCase) nameRace() {
	check.Launch(cc.T, cc.impl.Serve, Config{Queue: crowdQueue})
	cc.AtLeastProcs(crowdProcs)
	claimants := make([]*claimant, nameClaimants)
	for i := range claimants {
		claimants[i] = &claimant{member: cc.join(fmt.Sprintf("claimant%d", i+1))}
		for _, o := range claimants[:i] {
			o.Expect("* " + claimants[i].addr + " joined\n")
		}
	}
	for _, c := range claimants {
		c.held = map[string]string{}
		for _, o := range claimants {
			c.held[o.addr] = "(connected)"
		}
	}
	round := 0
	cc.Note(func() string { return fmt.Sprintf(noteNameRace, nameClaimants, nameBurst, round+1, nameRounds) })
	for ; round < nameRounds; round++ {
		var b strings.Builder
		for k := range nameBurst {
			fmt.Fprintf(&b, "/name r%d_%d\n", round, k)
		}
		start := make(chan struct{})
		for _, c := range claimants {
			cc.Go(func() error {
				<-start
				if err := c.Write([]byte(b.String())); err != nil {
					return fmt.Errorf(errCouldNotSend, c.Name, err)
				}
				return nil
			})
		}
		close(start) // every claimant's burst leaves at once
		cc.Wait()
		for _, c := range claimants {
			cc.answers(c)
		}
	}
}

// claimant is a client of name-race, with the names it has been told are
// held: by whom they were taken, as the line that said so.
type claimant struct {
	*member
	held map[string]string
}

// answers reads c's lines until it has had an answer to each /name of a
// burst, and checks that no line gives a name that is held.
func (cc *chatCase) answers(c *claimant) {
	cc.Helper()
	for answered := 0; answered < nameBurst; {
		line := c.next()
		old, name := c.name, ""
		switch {
		case strings.HasPrefix(line, "* you are now "):
			name = strings.TrimSuffix(strings.TrimPrefix(line, "* you are now "), "\n")
			answered++
		case line == "error: name taken\n":
			answered++
			continue
		case strings.HasPrefix(line, "* ") && strings.Contains(line, " is now "):
			old, name, _ = strings.Cut(strings.TrimSuffix(strings.TrimPrefix(line, "* "), "\n"), " is now ")
		default:
			cc.Failf(msgNameRaceLine, c.Name, check.Quote(line))
		}
		if by, taken := c.held[name]; taken && name != old {
			cc.Failf(msgNameRaceTwice, c.Name, check.Quote(line), name, check.Quote(by))
		}
		delete(c.held, old)
		c.held[name] = line
		if old == c.name {
			c.name = name
		}
	}
}
