package perftest

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/proc"
)

// A buffer that never comes back, or an allocation per message, is the
// fault of the code that took the buffer or made the allocation, not of
// the check that noticed. These find that code from its stack and point
// the report at its TODO.

// site is one place in the server's code, how often it was seen there,
// and the TODO that holds it.
type site struct {
	where string
	todo  int
	n     int64
}

// rawCallbackTodo is the TODO of a RawConn callback made where it is
// passed: the line that allocates calls raw.Read (TODO(2)'s) or raw.Write
// (TODO(5)'s), whatever function the student put that call in. 0 when the
// line is neither, or cannot be read.
func rawCallbackTodo(where string) int {
	at := where[strings.LastIndex(where, " at ")+len(" at "):]
	colon := strings.LastIndexByte(at, ':')
	if colon < 0 {
		return 0
	}
	line, err := strconv.Atoi(at[colon+1:])
	if err != nil {
		return 0
	}
	src, err := os.ReadFile(filepath.Join(proc.WorkspaceRoot(), filepath.FromSlash(at[:colon])))
	if err != nil {
		return 0
	}
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return 0
	}
	text := lines[line-1]
	switch {
	case strings.Contains(text, "raw.Read(") || strings.Contains(text, "Raw.Read("):
		return 2
	case strings.Contains(text, "raw.Write(") || strings.Contains(text, "Raw.Write("):
		return 5
	}
	return 0
}

// sites groups stacks by their place in the server's code, most seen
// first. Stacks that never run the server's code are left out.
func sites(c *check.T, stacks [][]uintptr, counts []int64) []site {
	byWhere := map[string]*site{}
	for i, pcs := range stacks {
		where, todo := c.Blame(pcs)
		if where == "" {
			continue
		}
		s := byWhere[where]
		if s == nil {
			s = &site{where: where, todo: todo}
			byWhere[where] = s
		}
		s.n += counts[i]
	}
	out := make([]site, 0, len(byWhere))
	for _, s := range byWhere {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b site) int { return cmp.Compare(b.n, a.n) })
	return out
}

// list renders sites one a line, with what is counted: "buffers".
func list(ss []site, what string) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "\n  %d %s: %s", s.n, what, s.where)
		if s.todo != 0 {
			fmt.Fprintf(&b, " (TODO(%d))", s.todo)
		}
	}
	return b.String()
}

// blameHolders diagnoses the buffers of p still out: where they were
// borrowed, and the TODO of that code. It does nothing when the stacks
// name no TODO of the stage's file.
func blameHolders(c *check.T, p *checkPool) {
	ss := holderSites(c, p)
	if len(ss) == 0 || ss[0].todo == 0 {
		return
	}
	c.Diagnose(check.Symptom{ID: symptomBufferKept, Todo: ss[0].todo,
		Reading: "the buffers still out were borrowed here, and never given back on some way out of that code:" + list(ss, "buffers")})
}

// blameParked notes where the buffers that silent connections hold were
// borrowed, and keeps the case's own TODO and hints: a buffer held through a
// blocking read is chunks' to avoid (TODO(2)), even when the read that
// borrowed it is blockingChunks', which TODO(1) wrote and TODO(2) must
// stop using for sockets.
func blameParked(c *check.T, p *checkPool) {
	ss := holderSites(c, p)
	if len(ss) == 0 {
		return
	}
	reading := "the connections are silent and alive, and each holds the buffer it borrowed here for a read that waits:" +
		list(ss, "buffers") + "\nThe borrowing is right; waiting while holding it is not. chunks (TODO(2)) must " +
		"not hand a socket to blockingChunks: it borrows only once the poller says data is there."
	c.Note(func() string { return reading })
}

// holderSites are the places in the server's code where the buffers
// still out were borrowed, most first.
func holderSites(c *check.T, p *checkPool) []site {
	stacks := p.borrowers()
	ones := make([]int64, len(stacks))
	for i := range ones {
		ones[i] = 1
	}
	return sites(c, stacks, ones)
}

// allocSites runs f with every allocation sampled and returns the places
// in the server's code that allocated while it ran, most first.
func allocSites(c *check.T, f func()) []site {
	before := memProfile()
	old := runtime.MemProfileRate
	runtime.MemProfileRate = 1
	f()
	runtime.MemProfileRate = old
	after := memProfile()

	var stacks [][]uintptr
	var counts []int64
	for key, n := range after {
		if d := n - before[key]; d > 0 {
			stacks = append(stacks, stackOf(key))
			counts = append(counts, d)
		}
	}
	return sites(c, stacks, counts)
}

// memProfile is the process's allocation counts by stack. A record is
// published only once a garbage collection has completed after it, and
// the runtime needs two for a full cycle.
func memProfile() map[string]int64 {
	runtime.GC()
	runtime.GC()
	recs := make([]runtime.MemProfileRecord, 256)
	for {
		n, ok := runtime.MemProfile(recs, true)
		if ok {
			recs = recs[:n]
			break
		}
		recs = make([]runtime.MemProfileRecord, n+64)
	}
	out := make(map[string]int64, len(recs))
	for _, r := range recs {
		out[stackKey(r.Stack())] += r.AllocObjects
	}
	return out
}

// stackKey and stackOf turn a stack into a map key and back.
func stackKey(pcs []uintptr) string {
	var b strings.Builder
	for _, pc := range pcs {
		fmt.Fprintf(&b, "%x,", pc)
	}
	return b.String()
}

func stackOf(key string) []uintptr {
	var pcs []uintptr
	for f := range strings.SplitSeq(strings.TrimSuffix(key, ","), ",") {
		var pc uintptr
		fmt.Sscanf(f, "%x", &pc)
		pcs = append(pcs, pc)
	}
	return pcs
}
