package chat

import (
	"net"
	"sort"
	"strings"
	"sync"
)

type client struct {
	name string
	conn net.Conn
}

type Server struct {
	mu      sync.Mutex
	clients map[string]*client
}

// who writes to the client with the lock held. It holds no TODO comment,
// and README.md's table names it under TODO(4): the finding is TODO(4)'s,
// not TODO(2)'s, which teaches the pitfall.
func (s *Server) who(c *client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for name := range s.clients {
		names = append(names, name)
	}
	sort.Strings(names)
	c.conn.Write([]byte("* online: " + strings.Join(names, ", ") + "\n")) // want `^lock-held-across-io: c.conn.Write while s.mu is held: .* \(TODO\(4\)\)$`
}

// private holds TODO(4) by its comment, which the table agrees with.
func (s *Server) private(c *client, name, text string) {
	// TODO(4): look name up under the lock.
	s.mu.Lock()
	to := s.clients[name]
	if to != nil {
		to.conn.Write([]byte(text)) // want `^lock-held-across-io: .* \(TODO\(4\)\)$`
	}
	s.mu.Unlock()
}

// join and leave both call broadcastLocked with s.mu held: the finding
// in broadcastLocked names both, and is TODO(2)'s.
func (s *Server) join(c *client) {
	s.mu.Lock()
	s.clients[c.name] = c
	s.broadcastLocked(c, "* "+c.name+" joined\n")
	s.mu.Unlock()
}

func (s *Server) leave(c *client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, c.name)
	s.broadcastLocked(c, "* "+c.name+" left\n")
}

func (s *Server) broadcastLocked(from *client, line string) {
	for _, c := range s.clients {
		if c != from {
			c.conn.Write([]byte(line)) // want `^lock-held-across-io: c.conn.Write runs with s.mu held \(by join and leave\): .* \(TODO\(2\)\)$` `^write-error-ignored: the error of c.conn.Write is thrown away in a loop over clients: .* \(TODO\(2\)\)$`
		}
	}
}

// farewell is the student's own helper, named in no TODO: the finding
// names the pitfall's TODO.
func (s *Server) farewell(c *client) {
	s.mu.Lock()
	c.conn.Write([]byte("bye\n")) // want `^lock-held-across-io: .* \(TODO\(2\)\)$`
	s.mu.Unlock()
}
