// Package mutants holds known-wrong chat servers, one per common mistake.
// The solutions' tests prove that the stage 03 suite rejects each one, with
// the check named next to it.
//
// Each mutant is the compact, correct server in this file with one part
// swapped for a faulty one, found in a file of its own.
package mutants

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"tcpworkbook/kit/check"
	"tcpworkbook/stage03-chat/chattest"
)

// Serve is how the suite runs a server.
type Serve = check.Serve[chattest.Config]

// All maps each mutant's name, as chattest.Manifest.Mutants and the
// mutant command know it, to the suite's Impl with that one mistake.
var All = map[string]chattest.Impl{
	"echo":                  {Serve: Echo},
	"blocking-send":         {Serve: BlockingSend},
	"unbounded":             {Serve: Unbounded},
	"lag-ends-client":       {Serve: LagEndsClient},
	"no-strip":              {Serve: NoStrip},
	"duplicate-names":       {Serve: DuplicateNames},
	"private-leak":          {Serve: PrivateLeak},
	"no-lock":               {Serve: NoLock},
	"addr-keyed":            {Serve: AddrKeyed},
	"late-long-line":        {Serve: LateLongLine},
	"racy-broadcast":        {Serve: RacyBroadcast},
	"leave-keeps-client":    {Serve: LeaveKeepsClient},
	"write-under-lock":      {Serve: WriteUnderLock},
	"unlocked-msg":          {Serve: UnlockedMsg},
	"unlocked-who":          {Serve: UnlockedWho},
	"rename-check-then-act": {Serve: RenameCheckThenAct},
	"clean-runes":           {Serve: CleanRunes},
	"copying-outbox":        {Serve: CopyingOutbox},
	"missed-kept":           {Serve: MissedKept},
	"silent-overwrite":      {Serve: SilentOverwrite},
	"who-ignores-case":      {Serve: WhoIgnoresCase},
	"droppable-welcome":     {Serve: DroppableWelcome},
	"rename-keeps-old":      {Serve: RenameKeepsOld},
	"unclean-lookup":        {Serve: UncleanLookup},
}

// room is a small chat server that passes the suite. Its func fields are
// the parts a mutant replaces.
type room struct {
	maxLine, queue int

	mu      sync.Locker
	clients map[string]*client

	newOutbox func(limit int) outbox
	newLines  func(rd io.Reader, limit int) lineSource
	join      func(r *room, c *client)                 // with mu held
	leave     func(r *room, c *client)                 // with mu held
	relay     func(r *room, from *client, line string) // with mu held
	say       func(r *room, from *client, line string) // a chat line: takes mu, relays
	rename    func(r *room, c *client, name string)
	msg       func(r *room, c *client, arg string)         // /msg: takes mu, calls private
	private   func(r *room, from, to *client, text string) // with mu held
	who       func(r *room, c *client)                     // /who: takes mu
	greet     func(c *client, line string)                 // queues the welcome
	clean     func(string) string
}

// correct returns a room with every part right.
func correct(cfg chattest.Config) *room {
	r := &room{
		maxLine:   cfg.MaxLine,
		queue:     cfg.Queue,
		mu:        new(sync.Mutex),
		clients:   map[string]*client{},
		newOutbox: newBounded,
		newLines:  newLines,
		join:      joinOnce,
		leave:     leaveOwn,
		relay:     relayToOthers,
		say:       sayLocked,
		rename:    renameWith(setName),
		msg:       msgLocked,
		private:   func(_ *room, from, to *client, text string) { to.send("[" + from.name + " (private)]: " + text + "\n") },
		who:       whoLocked,
		greet:     func(c *client, line string) { c.out.greet(line) },
		clean:     stripControls,
	}
	if r.maxLine == 0 {
		r.maxLine = chattest.DefaultMaxLine
	}
	if r.queue == 0 {
		r.queue = chattest.DefaultQueue
	}
	return r
}

// serveWith runs a correct room, with change applied to it first.
func serveWith(change func(*room)) Serve {
	return func(ctx context.Context, ln net.Listener, cfg chattest.Config) error {
		r := correct(cfg)
		change(r)
		stop := context.AfterFunc(ctx, func() { ln.Close() })
		defer stop()
		for {
			conn, err := ln.Accept()
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			if err != nil {
				return err
			}
			go r.handle(conn)
		}
	}
}

type client struct {
	name string
	conn net.Conn
	out  outbox
}

func (c *client) send(line string) { c.out.push(line) }

func (r *room) handle(conn net.Conn) {
	c := &client{name: conn.RemoteAddr().String(), conn: conn, out: r.newOutbox(r.queue)}
	written := make(chan struct{})
	go func() {
		defer close(written)
		c.writeLoop()
	}()
	r.mu.Lock()
	r.greet(c, chattest.Welcome)
	r.join(r, c)
	r.mu.Unlock()

	r.readLoop(c)

	r.mu.Lock()
	r.leave(r, c)
	r.mu.Unlock()
	c.out.close()
	conn.SetWriteDeadline(time.Now().Add(time.Second))
	<-written
	conn.Close()
}

func (c *client) writeLoop() {
	w := bufio.NewWriter(c.conn)
	for {
		lines, _, ok := c.out.take()
		if !ok {
			return
		}
		for _, l := range lines {
			w.WriteString(l)
		}
		// As in the reference: a failed write ends the writer only; the
		// reader finds out on its own, after any input still buffered.
		if w.Flush() != nil {
			return
		}
	}
}

func (r *room) readLoop(c *client) {
	lines := r.newLines(c.conn, r.maxLine)
	for {
		line, err := lines.next()
		switch {
		case errors.Is(err, errLineTooLong):
			c.send("error: line too long\n")
		case err != nil:
			return
		case r.command(c, string(line)):
			return
		}
	}
}

// command acts on one line and reports whether the client quit.
func (r *room) command(c *client, line string) bool {
	if !strings.HasPrefix(line, "/") {
		r.say(r, c, "["+c.name+"]: "+r.clean(line)+"\n")
		return false
	}
	cmd, arg, _ := strings.Cut(line, " ")
	switch cmd {
	case "/name":
		r.rename(r, c, arg)
	case "/msg":
		r.msg(r, c, arg)
	case "/who":
		r.who(r, c)
	case "/quit":
		c.send("* bye\n")
		return true
	default:
		c.send("error: unknown command " + r.clean(cmd) + "\n")
	}
	return false
}

// msgLocked looks the recipient up, by the name as an error would show it,
// and hands the message to r.private, holding mu.
func msgLocked(r *room, c *client, arg string) {
	name, text, _ := strings.Cut(arg, " ")
	name = r.clean(name)
	r.mu.Lock()
	to, ok := r.clients[name]
	if ok {
		r.private(r, c, to, r.clean(text))
	}
	r.mu.Unlock()
	if !ok {
		c.send("error: no such user " + name + "\n")
	}
}

// whoLocked copies the names, holding mu, and sends them sorted.
func whoLocked(r *room, c *client) {
	r.mu.Lock()
	names := slices.Sorted(maps.Keys(r.clients))
	r.mu.Unlock()
	c.send("* online: " + strings.Join(names, ", ") + "\n")
}

// joinOnce adds c to the room, first retiring an earlier, dead connection
// from the same address, as the reference does.
func joinOnce(r *room, c *client) {
	if old, ok := r.clients[c.name]; ok {
		delete(r.clients, old.name)
		r.relay(r, old, "* "+old.name+" left\n")
	}
	r.relay(r, c, "* "+c.name+" joined\n")
	r.clients[c.name] = c
}

// leaveOwn takes c out of the room, if its entry is still its own.
func leaveOwn(r *room, c *client) {
	if r.clients[c.name] == c {
		delete(r.clients, c.name)
		r.relay(r, c, "* "+c.name+" left\n")
	}
}

func sayLocked(r *room, from *client, line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.relay(r, from, line)
}

func relayToOthers(r *room, from *client, line string) {
	// TODO(2), as in the starter's broadcastLocked: this is that TODO's
	// code, and the marker lets a report of a mistake here (a crash, a
	// stuck goroutine) point at it, as it would at the student's.
	for _, c := range r.clients {
		if c != from {
			c.send(line)
		}
	}
}

// renameWith is the checked rename: /name refuses an invalid name or one
// in use, and takes a free one with set, holding mu.
func renameWith(set func(r *room, c *client, name string)) func(r *room, c *client, name string) {
	return func(r *room, c *client, name string) {
		if !validName(name) {
			c.send("error: invalid name\n")
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if owner, taken := r.clients[name]; taken {
			if owner != c {
				c.send("error: name taken\n")
				return
			}
			c.send("* you are now " + name + "\n")
			return
		}
		set(r, c, name)
	}
}

// setName renames c, with r.mu held, and tells everyone.
func setName(r *room, c *client, name string) {
	old := c.name
	delete(r.clients, old)
	c.name = name
	r.clients[name] = c
	c.send("* you are now " + name + "\n")
	r.relay(r, c, "* "+old+" is now "+name+"\n")
}

func validName(name string) bool {
	if len(name) == 0 || len(name) > 16 {
		return false
	}
	for _, b := range []byte(name) {
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_' || b == '-') {
			return false
		}
	}
	return true
}

// stripControls drops ASCII control characters but tab, byte by byte:
// every other byte, valid UTF-8 or not, passes unchanged.
func stripControls(s string) string {
	b := make([]byte, 0, len(s))
	for i := range len(s) {
		if c := s[i]; c == '\t' || c >= 0x20 && c != 0x7f {
			b = append(b, c)
		}
	}
	return string(b)
}

// lineSource reads a client's lines; errLineTooLong is not the end.
type lineSource interface{ next() ([]byte, error) }

func newLines(rd io.Reader, limit int) lineSource { return newLineReader(rd, limit) }

// outbox is a client's queue of lines to write.
type outbox interface {
	// greet queues the line the client must see first; it is never
	// dropped.
	greet(line string)
	push(line string)
	// take waits for lines and returns them, the greeting and any
	// "* missed" notice first, with the number dropped; ok is false once
	// the outbox is closed and empty.
	take() (lines []string, missed int, ok bool)
	close()
}

// bounded keeps the newest limit lines in a ring, as the reference's
// outbox does: dropping the oldest costs the same as any push.
type bounded struct {
	mu       sync.Mutex
	ring     []string
	head, n  int
	limit    int // 0: no limit
	greeting string
	missed   int
	closed   bool
	ready    chan struct{}
}

func newBounded(limit int) outbox {
	return &bounded{limit: limit, ready: make(chan struct{}, 1)}
}

func (o *bounded) greet(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.greeting = line
	o.wake()
}

func (o *bounded) push(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	if o.limit > 0 && o.n == o.limit {
		o.ring[o.head] = line
		o.head = (o.head + 1) % len(o.ring)
		o.missed++
		o.wake()
		return
	}
	if o.n == len(o.ring) {
		size := max(16, 2*len(o.ring))
		if o.limit > 0 {
			size = min(size, o.limit)
		}
		ring := make([]string, size)
		o.copyOut(ring)
		o.ring, o.head = ring, 0
	}
	o.ring[(o.head+o.n)%len(o.ring)] = line
	o.n++
	o.wake()
}

func (o *bounded) copyOut(dst []string) {
	tail := min(o.head+o.n, len(o.ring))
	k := copy(dst, o.ring[o.head:tail])
	copy(dst[k:], o.ring[:o.n-k])
}

func (o *bounded) wake() {
	select {
	case o.ready <- struct{}{}:
	default:
	}
}

func (o *bounded) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.wake()
}

func (o *bounded) take() ([]string, int, bool) {
	for {
		o.mu.Lock()
		var lines []string
		if o.greeting != "" {
			lines = append(lines, o.greeting)
			o.greeting = ""
		}
		if o.missed > 0 {
			lines = append(lines, fmt.Sprintf("* missed %d messages\n", o.missed))
		}
		start := len(lines)
		lines = append(lines, make([]string, o.n)...)
		o.copyOut(lines[start:])
		if len(o.ring) > 256 {
			o.ring = nil
		} else {
			clear(o.ring)
		}
		missed, closed := o.missed, o.closed
		o.missed, o.head, o.n = 0, 0, 0
		o.mu.Unlock()
		if len(lines) > 0 {
			return lines, missed, true
		}
		if closed {
			return nil, 0, false
		}
		<-o.ready
	}
}
