// Package lockio holds the cases of lock-held-across-io.
package lockio

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

type client struct {
	conn net.Conn
	w    *bufio.Writer
	out  chan string
}

type room struct {
	mu      sync.Mutex
	clients []*client
}

func newClient(conn net.Conn) *client {
	return &client{conn: conn, w: bufio.NewWriter(conn), out: make(chan string, 10)}
}

// broadcast writes to every client with the lock held: the chat lag bug.
func (r *room) broadcast(line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.clients {
		c.conn.Write([]byte(line)) // want `^lock-held-across-io: c.conn.Write while r.mu is held: a client that stops reading blocks it` `^write-error-ignored`
	}
}

// join calls, with the lock held, a function that writes.
func (r *room) join(c *client) {
	r.mu.Lock()
	r.clients = append(r.clients, c)
	r.announceLocked("joined")
	r.mu.Unlock()
}

func (r *room) announceLocked(line string) {
	for _, c := range r.clients {
		fmt.Fprintln(c.conn, line) // want `fmt.Fprintln\(c.conn, ...\) runs with r.mu held \(by join\)` `^write-error-ignored`
	}
}

// flushAll flushes bufio.Writers wrapped around connections.
func (r *room) flushAll() {
	r.mu.Lock()
	for _, c := range r.clients {
		c.w.Flush() // want `c.w.Flush while r.mu is held` `^write-error-ignored: the error of c.w.Flush`
	}
	r.mu.Unlock()
}

type relay struct {
	mu   sync.RWMutex
	conn net.Conn
}

func (t *relay) copyFrom(src io.Reader) {
	t.mu.RLock()
	io.Copy(t.conn, src) // want `io.Copy\(t.conn, ...\) while t.mu is held`
	t.mu.RUnlock()
}

// The cases below must give no finding.

// queue only queues under the lock, and never waits.
func (r *room) queue(line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.clients {
		select {
		case c.out <- line:
		default:
		}
	}
}

// snapshot copies the room under the lock and writes after unlocking.
func (r *room) snapshot(line string) {
	r.mu.Lock()
	clients := append([]*client(nil), r.clients...)
	r.mu.Unlock()
	for _, c := range clients {
		if _, err := c.conn.Write([]byte(line)); err != nil {
			c.conn.Close()
		}
	}
}

// closeAll closes and sets deadlines under the lock: neither waits for a client.
func (r *room) closeAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.clients {
		c.conn.SetDeadline(time.Now())
		c.conn.Close()
	}
}

// unsure unlocks in a branch: after it, whether the lock is held is a guess.
func (r *room) unsure(c *client, early bool) {
	r.mu.Lock()
	if early {
		r.mu.Unlock()
	}
	c.conn.Write(nil)
	if !early {
		r.mu.Unlock()
	}
}

// start starts a writer goroutine under the lock; the goroutine does not hold it.
func (r *room) start(c *client) {
	r.mu.Lock()
	defer r.mu.Unlock()
	go func() {
		for line := range c.out {
			if _, err := c.conn.Write([]byte(line)); err != nil {
				return
			}
		}
	}()
}

// count prints to an io.Writer under the lock: a log or a terminal, as far as we know.
func (r *room) count(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(w, len(r.clients))
}
