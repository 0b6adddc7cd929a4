package check

import (
	"fmt"
	"regexp"
	"strings"

	"go.uber.org/goleak"
)

// Mark is a snapshot of the goroutines running at one moment.
type Mark struct{ opt goleak.Option }

// Goroutines takes a snapshot to compare against later with ExpectNoNewGoroutines.
func (c *T) Goroutines() Mark { return Mark{goleak.IgnoreCurrent()} }

// ExpectNoNewGoroutines stops the case if goroutines that started after m
// are still running. It retries for a while first, since a handler may
// need a moment to notice that its client has gone.
func (c *T) ExpectNoNewGoroutines(m Mark, why string) {
	c.Helper()
	err := goleak.Find(m.opt)
	if err == nil {
		return
	}
	c.Fatalf("%s", c.report(failure{
		headline: why + ", but goroutines that started during this case are still running",
		detail:   "Still running:\n" + summarizeLeaks(err.Error()),
	}))
}

var (
	leakHead = regexp.MustCompile(`Goroutine \d+ in state ([^,]+), with (\S+) on top of the stack`)
	leakAt   = regexp.MustCompile(`^\s+(\S+\.go:\d+)`)
)

// summarizeLeaks groups goleak's report by where each goroutine is stuck,
// so that a hundred identical leaks read as one line.
func summarizeLeaks(report string) string {
	type spot struct{ fn, state, at string }
	count := map[spot]int{}
	var order []spot
	var cur *spot
	for line := range strings.SplitSeq(report, "\n") {
		if m := leakHead.FindStringSubmatch(line); m != nil {
			cur = &spot{fn: m[2], state: m[1]}
			continue
		}
		if m := leakAt.FindStringSubmatch(line); m != nil && cur != nil {
			cur.at = m[1]
			if count[*cur] == 0 {
				order = append(order, *cur)
			}
			count[*cur]++
			cur = nil
		}
	}
	var b strings.Builder
	for _, s := range order {
		fmt.Fprintf(&b, "  %d × %s, waiting (%s) at %s\n", count[s], s.fn, s.state, s.at)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Settle waits, for a bounded time, until the goroutines started since m
// have ended. It never fails the case: use it to let the server finish with
// one client before the next step, where the outcome is checked elsewhere.
func (c *T) Settle(m Mark) { _ = goleak.Find(m.opt) }
