package mutants

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"tcpworkbook/stage07-miniredis/miniredistest"
)

// server is a small Redis-compatible server that passes the whole suite.
// Its func fields and settings are the parts a mutant replaces.
type server struct {
	maxBulk, maxClients, pubSubLimit int
	timeout                          time.Duration
	log                              *slog.Logger

	db      *store
	hub     *hub
	cmds    map[string]command
	clients atomic.Int64 // connections being served

	// The parts a mutant may swap.
	newReader    func(rd io.Reader, s *server) commandReader // framing: array and inline commands
	spawn        func(wg *sync.WaitGroup, serve func())      // runs a client's handler
	release      func(s *server)                             // gives a client's slot back when it leaves
	unknown      func(args [][]byte) string                  // the error for a command not in cmds
	arityOK      func(arity, n int) bool                     // whether n arguments fit a command's arity
	pubsubOnly   func(name string) bool                      // whether a subscribed client may send name
	lastWrites   time.Duration                               // how long a shutdown lets an outbox write; 0 is for ever
	keepOnError  bool                                        // serve on after a protocol error
	wakeOnCancel bool                                        // shutdown wakes every client's read
	sweep        bool                                        // remove expired keys nobody reads
}

func newServer(cfg miniredistest.Config) *server {
	s := &server{
		maxBulk:      orDefault(cfg.MaxBulk, miniredistest.MaxBulkFlag.Default),
		maxClients:   orDefault(cfg.MaxClients, miniredistest.MaxClientsFlag.Default),
		pubSubLimit:  orDefault(cfg.PubSubLimit, miniredistest.PubSubLimitFlag.Default),
		timeout:      cfg.Timeout,
		log:          cfg.Log,
		db:           newStore(),
		hub:          newHub(),
		cmds:         commands(),
		newReader:    newRESPReader,
		spawn:        func(wg *sync.WaitGroup, serve func()) { wg.Go(serve) },
		release:      func(s *server) { s.clients.Add(-1) },
		unknown:      unknownCommand,
		arityOK:      redisArity,
		pubsubOnly:   allowedWhileSubscribed,
		lastWrites:   time.Second,
		wakeOnCancel: true,
		sweep:        true,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// serve accepts clients until ctx is done or ln is closed, then waits for
// every client's goroutine (and the sweep) to end and returns nil.
func (s *server) serve(ctx context.Context, ln net.Listener) error {
	ctx, stop := context.WithCancel(ctx) // done however the accept loop ends
	defer stop()
	context.AfterFunc(ctx, func() { ln.Close() }) // wakes Accept
	var wg sync.WaitGroup
	if s.sweep {
		wg.Go(func() { s.db.sweepLoop(ctx) })
	}
	err := s.accept(ctx, ln, &wg)
	stop()
	wg.Wait()
	return err
}

func (s *server) accept(ctx context.Context, ln net.Listener, wg *sync.WaitGroup) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		// Only this goroutine adds, so the count cannot pass the limit
		// between the test and the Add.
		if s.clients.Load() >= int64(s.maxClients) {
			conn.SetWriteDeadline(time.Now().Add(time.Second))
			io.WriteString(conn, "-ERR max number of clients reached\r\n")
			conn.Close()
			continue
		}
		s.clients.Add(1)
		s.spawn(wg, func() {
			defer s.release(s)
			s.serveConn(ctx, conn)
		})
	}
}

// client is one connection. Only its own goroutine touches it, but for
// its outbox, which has a lock of its own.
type client struct {
	s    *server
	ctx  context.Context
	conn net.Conn
	out  []byte          // replies not yet sent: always whole ones
	box  *outbox         // set at the first SUBSCRIBE; then every reply goes through it
	subs map[string]bool // the channels it is subscribed to
	quit bool
}

// errShutdown ends a client's reads once the server is stopping.
var errShutdown = errors.New("server shutting down")

// serveConn runs one client's commands in order until it quits, hangs up,
// breaks the protocol, idles too long, or the server stops.
func (s *server) serveConn(ctx context.Context, conn net.Conn) {
	c := &client{s: s, ctx: ctx, conn: conn, subs: map[string]bool{}}
	if s.wakeOnCancel {
		// Wake a Read that waits for the network: what was read is still
		// answered (the reader has it), nothing more is read, and the last
		// replies get lastWrites to go out.
		stop := context.AfterFunc(ctx, func() {
			conn.SetReadDeadline(time.Now())
			if s.lastWrites > 0 {
				conn.SetWriteDeadline(time.Now().Add(s.lastWrites))
			}
		})
		defer stop()
	}
	r := s.newReader(netReader{c}, s)
	for !c.quit {
		args, err := r.readCommand()
		var perr protocolError
		if errors.As(err, &perr) {
			c.err(perr.Error())
			if s.keepOnError {
				continue
			}
			break
		}
		if err != nil {
			break
		}
		if len(args) > 0 {
			c.exec(args)
		}
		if len(c.out) > 64<<10 { // do not hold a long pipeline's replies
			c.flush()
		}
	}
	c.flush()
	s.hub.leaveAll(c)
	if c.box != nil {
		if s.lastWrites > 0 { // a client that reads nothing
			c.conn.SetWriteDeadline(time.Now().Add(s.lastWrites))
		}
		c.box.close()
		<-c.box.done
	}
	conn.Close()
}

// flush sends the replies so far, to the network or, once the client has
// subscribed, into its outbox, behind the messages already there.
func (c *client) flush() error {
	if len(c.out) == 0 {
		return nil
	}
	var err error
	if c.box != nil {
		c.box.push(append([]byte(nil), c.out...))
	} else {
		_, err = c.conn.Write(c.out)
	}
	c.out = c.out[:0]
	return err
}

// netReader is what a client's reader reads from. A reader calls it only
// when it has run every whole command it holds, so this is where the
// replies to a pipeline go out, in one write, and where the idle clock
// starts.
type netReader struct{ c *client }

func (nr netReader) Read(p []byte) (int, error) {
	c := nr.c
	if err := c.flush(); err != nil {
		return 0, err
	}
	deadline := time.Time{}
	if c.s.timeout > 0 && len(c.subs) == 0 { // subscribers may wait for hours
		deadline = time.Now().Add(c.s.timeout)
	}
	c.conn.SetReadDeadline(deadline)
	// After the deadline: if the shutdown set its own just before, this
	// erased it, but ctx is done before the shutdown sets it.
	if c.ctx.Err() != nil {
		return 0, errShutdown
	}
	n, err := c.conn.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = io.EOF // idle too long, or shutting down: either way, the end
	}
	return n, err
}
