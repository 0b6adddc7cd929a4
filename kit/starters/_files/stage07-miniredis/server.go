// Package miniredis is your Redis-compatible server: the capstone.
//
// Nothing here is written for you. The spec is Redis's own (README.md);
// the TODOs below say what each part must do, never how, and the order
// to build it in. Run the checks with
//
//	go test -race ./stage07-miniredis/...
//
// and read the first failure: the traffic, in RESP, and the TODO to
// open. When you are stuck, go run ./workbook -hint gives the next hint.
// Add files as you like: the package is yours.
package miniredis

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"time"
)

// Server is a Redis-compatible server. The zero value must work, with
// Redis's defaults for every limit; its fields are read when Serve starts.
type Server struct {
	MaxBulk     int           // the longest bulk string, in bytes; 0 means 512 MiB
	MaxClients  int           // clients served at once; 0 means 10000
	IdleTimeout time.Duration // close a client silent this long; 0 means never
	PubSubLimit int           // how far a subscriber may fall behind, in bytes; 0 means 32 MiB
	Log         *slog.Logger  // nil means slog.Default()
}

// Serve serves clients on ln until ctx is cancelled, then returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// TODO(1): Speak RESP to every client at once: commands come as arrays
	// of bulk strings or as inline lines, split or batched any way TCP
	// likes. Answer PING, ECHO and QUIT, and Redis's errors for unknown
	// commands, wrong arity and broken protocol.

	// TODO(2): Keep one keyspace that every client shares: SET (with NX
	// and XX), GET, DEL and EXISTS.

	// TODO(3): Counters: INCR, INCRBY and DECR, exact however many clients
	// count at once.

	// TODO(4): Expiry: SET's EX and PX, EXPIRE, PEXPIRE, TTL and PTTL. An
	// expired key is gone at once, and its memory comes back even if
	// nobody asks for it again.

	// TODO(5): Pub/sub: SUBSCRIBE, UNSUBSCRIBE, PUBLISH and the subscribed
	// mode. A subscriber that stops reading must hold up nobody.

	// TODO(6): Limits, from the fields above: each one bounds what a
	// client can cost, and a header may promise more than ever arrives.

	// TODO(7): Graceful shutdown: when ctx is done, stop accepting, answer
	// what was already read, close every connection, return nil.
	_, _ = ctx, ln
	return errors.New("Serve is not written yet: see TODO(1)")
}
