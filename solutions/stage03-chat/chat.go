// Package chat is a chat room over TCP. Every line a client sends reaches
// every other client; clients can take a name, send private messages, list
// who is online and leave with /quit.
//
// A client that stops reading never slows anyone down: each client has an
// outbox that keeps only the newest lines and later tells the client how
// many it missed, like the lagging receiver of Tokio's broadcast channel.
package chat

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net"
	"slices"
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
// -queue lines behind, its oldest line is dropped.
func (c *client) send(line string) { c.out.push(line) }

// greet queues line as the first the client receives, where no later send
// can drop it.
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

// join greets c and adds it to the room. Both happen under one lock, so
// any line broadcast after the welcome is queued behind it: a client that
// has read the welcome receives everything said from then on. The welcome
// is not queued like those lines (greet, not send): in a busy room more
// than -queue lines may come before c's writer first runs, and the oldest,
// the welcome, would be dropped.
func (s *Server) join(c *client) {
	s.mu.Lock()
	if old, ok := s.clients[c.name]; ok {
		// An earlier connection from the same address and port. The
		// kernel lets a new connection reuse them only once the old one
		// is over, so old has gone and its leave has not run yet. Announce
		// that now, before c arrives, and take its place: its leave finds
		// the entry is not its own and says nothing.
		delete(s.clients, old.name)
		s.broadcastLocked(old, "* "+old.name+" left\n")
	}
	c.greet(Welcome)
	s.broadcastLocked(c, "* "+c.name+" joined\n")
	s.clients[c.name] = c
	s.mu.Unlock()
	c.log.Info("joined")
}

// leave removes c from the room and tells the others. err is why c's
// reading ended, nil for EOF or /quit.
func (s *Server) leave(c *client, err error) {
	s.mu.Lock()
	// Only c's own entry: a newer connection from the same address may
	// hold the name now (see join), and it has not left.
	if s.clients[c.name] == c {
		delete(s.clients, c.name)
		s.broadcastLocked(c, "* "+c.name+" left\n")
	}
	s.mu.Unlock()
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

// broadcastLocked is broadcast for a caller that holds s.mu. The lock keeps
// the room from changing while we walk it; since send never blocks, it is
// held only for as long as the walk takes.
func (s *Server) broadcastLocked(from *client, line string) {
	for _, c := range s.clients {
		if c != from {
			c.send(line)
		}
	}
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
	s.mu.Lock()
	defer s.mu.Unlock()
	old := c.name
	if owner, taken := s.clients[name]; taken {
		if owner != c {
			c.send("error: name taken\n")
			return
		}
		c.send("* you are now " + name + "\n") // already c's: nothing to tell the others
		return
	}
	delete(s.clients, old)
	c.name = name
	s.clients[name] = c
	c.send("* you are now " + name + "\n")
	s.broadcastLocked(c, "* "+old+" is now "+name+"\n")
	c.log.Info("renamed", "from", old, "to", name)
}

// validName reports whether name is 1 to 16 characters from A-Z, a-z, 0-9,
// "_" and "-". Addresses can never be names, since they contain ":".
func validName(name string) bool {
	if len(name) < 1 || len(name) > 16 {
		return false
	}
	for _, b := range []byte(name) {
		ok := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_' || b == '-'
		if !ok {
			return false
		}
	}
	return true
}

// private sends "/msg <name> <text>" to the one client called name. The
// log records that it happened, never what it said.
func (s *Server) private(c *client, arg string) {
	name, text, ok := strings.Cut(arg, " ")
	// Look up the name as the error would show it: no name holds a
	// control character, and "no such user bob" must never be said while
	// bob is here.
	name = clean(name)
	if !ok || name == "" {
		c.send("error: usage: /msg <name> <text>\n")
		return
	}
	s.mu.Lock()
	to, found := s.clients[name]
	if found {
		to.send("[" + c.name + " (private)]: " + clean(text) + "\n")
	}
	s.mu.Unlock()
	if !found {
		c.send("error: no such user " + name + "\n")
		return
	}
	c.log.Info("private message", "from", c.name, "to", name)
}

// who tells c who is online, sorted.
func (s *Server) who(c *client) {
	s.mu.Lock()
	names := slices.Sorted(maps.Keys(s.clients))
	s.mu.Unlock()
	c.send("* online: " + strings.Join(names, ", ") + "\n")
}

// clean removes ASCII control characters except tab, so that no client
// can move the cursor, clear the screen or ring the bell in everyone else's
// terminal. Bytes from 0x80 up pass unchanged: UTF-8 never uses bytes below
// 0x80 inside a multi-byte character.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := range len(s) {
		if c := s[i]; c == '\t' || c >= 0x20 && c != 0x7f {
			b.WriteByte(c)
		}
	}
	return b.String()
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
