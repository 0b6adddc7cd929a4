// Package chat is your chat room over TCP. Every line a client sends
// reaches every other client; clients can take a name, send private
// messages, list who is online and leave with /quit. A client that stops
// reading must never slow anyone else down.
//
// The accept loop, the line reading (lines.go) and the writer goroutine
// are written. Work through the TODOs in order. Run the checks with
//
//	go test ./stage03-chat/...
//
// and read the first failure: it says what each client sent and received,
// and which TODO to open. go test -failfast stops at that first failure.
package chat

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"
)

// Defaults for the zero Server. They match the command's flags.
const (
	DefaultMaxLine = 4096 // bytes in one line, not counting "\n" or "\r\n"
	DefaultQueue   = 100  // lines waiting for one client, like broadcast::channel(100)
)

// Welcome is the first line every client receives.
const Welcome = "Welcome to the chat! Type your message:\n"

// flushTimeout bounds how long a leaving client has to read what it is still
// owed, such as "* bye". A client that has stopped reading gets no more.
const flushTimeout = time.Second

// Server is a chat room. The zero value is ready to use; each Server is one
// room.
type Server struct {
	MaxLine int          // the longest line a client may send; 0 means DefaultMaxLine
	Queue   int          // lines kept for a client that is behind; 0 means DefaultQueue
	Log     *slog.Logger // joins, leaves, renames and errors; nil discards them

	// mu guards clients. Every goroutine that reads or changes the map
	// must hold it: each client has its own goroutine, so the map is
	// shared by all of them.
	mu      sync.Mutex
	clients map[string]*client // by display name: the address, until /name
}

// client is one connection in the room.
type client struct {
	// name is how the others see this client. Only the client's own
	// goroutine changes it, and only while holding Server.mu, so that
	// goroutine may read it without the lock.
	name string
	conn net.Conn
	out  *outbox
	log  *slog.Logger
}

// send queues line for the client. It never blocks; if the client is
// -queue lines behind, its oldest line is dropped (TODO(6)).
func (c *client) send(line string) { c.out.push(line) }

// greet queues line as the first the client receives, where no later send
// can drop it.
//
//lint:ignore U1000 join calls it, once you have written it
func (c *client) greet(line string) { c.out.greet(line) }

// Serve accepts connections on ln until ln is closed or ctx is cancelled,
// and then returns nil. Clients already connected stay until they leave.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	s.mu.Lock()
	if s.clients == nil {
		s.clients = make(map[string]*client)
	}
	s.mu.Unlock()
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		go s.handle(conn)
	}
}

// handle runs one client from its welcome to its departure. Its reading
// happens here; its writing happens in a goroutine of its own, fed by the
// outbox, so that a client that stops reading blocks only that goroutine.
func (s *Server) handle(conn net.Conn) {
	addr := conn.RemoteAddr().String()
	c := &client{name: addr, conn: conn, out: newOutbox(s.queue()), log: s.logger().With("remote", addr)}
	written := make(chan struct{})
	go func() {
		defer close(written)
		c.writeLoop()
	}()

	s.join(c)
	err := s.readLoop(c)
	s.leave(c, err)

	// Let the writer send what the client is still owed, but not for long:
	// the deadline makes a blocked Write fail.
	c.out.close()
	conn.SetWriteDeadline(time.Now().Add(flushTimeout))
	<-written
	conn.Close()
}

// join greets c and adds it to the room.
func (s *Server) join(c *client) {
	// TODO(1): welcome c, tell the others it joined, and add it to the room.
	// The welcome is a promise, like the lecture's subscribe before spawn:
	// c hears everything said after it, and no flood may ever drop it. A
	// client already filed under c.name left from that address and port,
	// and its leave has not run yet: the others hear it go before c comes.
	c.log.Info("joined")
}

// leave removes c from the room and tells the others. err is why c's
// reading ended, nil for EOF or /quit.
func (s *Server) leave(c *client, err error) {
	// TODO(1): take c out of the room and tell the others it left. Only
	// c's own entry is c's to remove: a newer client from the same address
	// may hold that name by now, and join has already announced c gone.
	if err != nil {
		c.log.Info("left", "name", c.name, "err", err)
		return
	}
	c.log.Info("left", "name", c.name)
}

// broadcast queues line for every client except from.
func (s *Server) broadcast(from *client, line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.broadcastLocked(from, line)
}

// broadcastLocked is broadcast for a caller that already holds s.mu.
func (s *Server) broadcastLocked(from *client, line string) {
	// TODO(2): queue line for everyone in the room except its sender, as
	// the lecture's broadcast::Sender does. A client that stops reading must
	// never hold up the sender or the others: nothing here may wait, or
	// touch a connection, while s.mu is held.
}

// readLoop reads c's lines and acts on each until c leaves. It returns nil
// when c closes its side or sends /quit, and the error otherwise.
func (s *Server) readLoop(c *client) error {
	lines := newLineReader(c.conn, s.maxLine())
	for {
		line, err := lines.next()
		switch {
		case errors.Is(err, errLineTooLong):
			c.log.Warn("line too long", "max", s.maxLine())
			c.send("error: line too long\n")
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		case s.dispatch(c, string(line)):
			return nil
		}
	}
}

// dispatch acts on one line from c and reports whether c has quit.
func (s *Server) dispatch(c *client, line string) (quit bool) {
	if !strings.HasPrefix(line, "/") {
		s.broadcast(c, "["+c.name+"]: "+clean(line)+"\n")
		return false
	}
	cmd, arg, _ := strings.Cut(line, " ")
	switch cmd {
	case "/name":
		s.rename(c, arg)
	case "/msg":
		s.private(c, arg)
	case "/who":
		s.who(c)
	case "/quit":
		c.send("* bye\n")
		return true
	default:
		c.send("error: unknown command " + clean(cmd) + "\n")
	}
	return false
}

// rename gives c a new name, if the name is valid and free.
func (s *Server) rename(c *client, name string) {
	if !validName(name) {
		c.send("error: invalid name\n")
		return
	}
	// TODO(3): give c the name unless another client has it, tell c and
	// the others, and log the rename. Seeing that the name is free and
	// taking it are one step under the lock: two clients asking at once
	// must never both get it. The old name is free again afterwards.
	c.send("error: /name is not written yet (TODO(3))\n")
}

// validName reports whether name is 1 to 16 characters from A-Z, a-z, 0-9,
// "_" and "-". Addresses can never be names, since they contain ":".
func validName(name string) bool {
	// TODO(3): accept exactly the names described above and nothing else,
	// not even a letter from outside ASCII.
	return false
}

// private sends "/msg <name> <text>" to the one client called name.
func (s *Server) private(c *client, arg string) {
	name, text, ok := strings.Cut(arg, " ")
	if !ok || name == "" {
		c.send("error: usage: /msg <name> <text>\n")
		return
	}
	// TODO(4): deliver text, cleaned, to the one client called name and to
	// nobody else, or tell c there is no such user. Even a lookup needs
	// s.mu: another client may be joining or leaving at that moment. Look
	// up the very name the error would show, and never log the text.
	_ = text
	c.send("error: /msg is not written yet (TODO(4))\n")
}

// who tells c who is online, sorted.
func (s *Server) who(c *client) {
	// TODO(4): tell c who is online, sorted byte by byte, as the protocol
	// shows. Reading the room needs s.mu even if you change nothing: it
	// may change while you read it.
	c.send("error: /who is not written yet (TODO(4))\n")
}

// clean removes ASCII control characters except tab, so that no client
// can move the cursor, clear the screen or ring the bell in everyone else's
// terminal.
func clean(s string) string {
	// TODO(5): drop the ASCII control characters, all but tab, and pass
	// every other byte on exactly as it came, whether or not it is valid
	// UTF-8: nothing may become U+FFFD.
	return s
}

// outbox holds the lines waiting to be written to one client. push never
// blocks, so whoever is talking never waits for a slow client. Its design
// is yours (TODO(6)): as written, it keeps every line in a slice that
// nothing bounds. Change the fields as your design needs.
type outbox struct {
	mu       sync.Mutex
	lines    []string // the queued lines, oldest first
	limit    int      // the most lines it may hold: the -queue flag
	greeting string   // sent before anything else, and never dropped (see greet)
	closed   bool     // no more pushes; take returns what is left, then stops
	ready    chan struct{}
}

func newOutbox(limit int) *outbox {
	// ready holds a token while there may be something to take; a buffer
	// of one means push never waits to leave it.
	return &outbox{limit: limit, ready: make(chan struct{}, 1)}
}

// greet queues line ahead of every line pushed, outside the queue, where
// no push can drop it.
func (o *outbox) greet(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.greeting = line
	o.wake()
}

// push queues line.
func (o *outbox) push(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	// TODO(6): a client that stops reading has an outbox that grows for as
	// long as the room talks. Hold at most o.limit lines and drop the oldest
	// when full, as the lecture's broadcast::channel does. The room's lock
	// is held here: a push into a full outbox must never wait, and must cost
	// what a push into an empty one does, whatever the limit.
	o.lines = append(o.lines, line)
	o.wake()
}

// close stops the outbox: later pushes are ignored, and take returns the
// lines still queued and then reports that it is done.
func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.wake()
}

func (o *outbox) wake() {
	select {
	case o.ready <- struct{}{}:
	default: // a token is already waiting
	}
}

// take waits until there is something to send and returns it all, in the
// order the client must see it: the greeting, if one is waiting; then, if
// lines were dropped, "* missed N messages"; then the queued lines, oldest
// first. missed is that N, for the log. ok is false once the outbox is
// closed and empty.
func (o *outbox) take() (lines []string, missed int, ok bool) {
	for {
		o.mu.Lock()
		lines, missed = o.drain()
		closed := o.closed
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

// drain empties the outbox into a new slice, with o.mu held.
func (o *outbox) drain() (lines []string, missed int) {
	// TODO(6), continued: a client that lost lines hears how many, counted
	// exactly, in "* missed N messages" just before the lines it gets next;
	// the count then starts again from zero.
	if o.greeting != "" {
		lines = append(lines, o.greeting)
		o.greeting = ""
	}
	lines = append(lines, o.lines...)
	o.lines = nil
	return lines, 0
}

// writeLoop writes c's outbox to its connection until the outbox is closed
// and empty, or a write fails. A client that stops reading blocks this
// goroutine in Write, and nothing else.
func (c *client) writeLoop() {
	w := bufio.NewWriter(c.conn)
	for {
		lines, missed, ok := c.out.take()
		if !ok {
			return
		}
		if missed > 0 {
			c.log.Warn("lagging", "missed", missed)
		}
		for _, line := range lines {
			w.WriteString(line)
		}
		// One flush per batch: a burst goes out in few system calls, and
		// the buffer is empty whenever we wait for more.
		if err := w.Flush(); err != nil {
			return
		}
	}
}

func (s *Server) maxLine() int {
	if s.MaxLine <= 0 {
		return DefaultMaxLine
	}
	return s.MaxLine
}

func (s *Server) queue() int {
	if s.Queue <= 0 {
		return DefaultQueue
	}
	return s.Queue
}

func (s *Server) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
