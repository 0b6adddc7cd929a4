// Package miniredis is a small Redis-compatible server: string keys with
// expiry, pub/sub, pipelining and the RESP2 protocol, answering byte for
// byte as Redis 7.0 does for the commands it knows. It is the capstone of
// the workbook, so every earlier lesson is in it: framing a byte stream,
// a goroutine per client, a shared store behind a lock, outboxes that let
// no slow reader hold anyone up, limits, and a graceful shutdown.
package miniredis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Defaults for a zero Server, Redis's own.
const (
	DefaultMaxBulk     = 512 << 20 // proto-max-bulk-len
	DefaultMaxClients  = 10000     // maxclients
	DefaultPubSubLimit = 32 << 20  // client-output-buffer-limit pubsub, hard limit
)

// rejectTimeout bounds the write that tells a client over MaxClients why it
// is turned away. The line is far smaller than a socket buffer, so it never
// waits in practice, but the accept loop must not hang on a client that
// never reads.
const rejectTimeout = time.Second

// shutdownWriteTimeout is how long a shutdown lets each client take to
// receive the replies it is owed. A client that stopped reading would
// otherwise keep Serve from returning.
const shutdownWriteTimeout = time.Second

// The backoff after a temporary Accept error: 5 ms, doubling up to 1 s,
// back to 5 ms after any success. These are net/http's numbers.
const (
	firstRetry = 5 * time.Millisecond
	maxRetry   = time.Second
)

// Server is a Redis-compatible server. The zero value is ready to use with
// Redis's defaults. Its fields are read when Serve starts.
type Server struct {
	MaxBulk     int           // largest bulk string accepted, in bytes (Redis proto-max-bulk-len); 0 means 512 MiB
	MaxClients  int           // connections served at once; one more gets "-ERR max number of clients reached\r\n" and is closed; 0 means 10000
	IdleTimeout time.Duration // close a client idle this long (Redis "timeout"); 0 means never
	PubSubLimit int           // bytes a subscriber may fall behind before it is disconnected (client-output-buffer-limit pubsub); 0 means 32 MiB
	Log         *slog.Logger  // nil means slog.Default(), writing to stderr
}

// instance is what one call to Serve runs: its settings, with the defaults
// filled in, and the state its clients share. Each call to Serve has its
// own keyspace.
type instance struct {
	maxBulk     int
	maxClients  int
	idleTimeout time.Duration
	pubSubLimit int
	log         *slog.Logger

	db      *store
	hub     *hub
	clients atomic.Int64 // connections being served
	lastID  atomic.Int64 // the last CLIENT ID handed out
}

func (s *Server) newInstance() *instance {
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	return &instance{
		maxBulk:     orDefault(s.MaxBulk, DefaultMaxBulk),
		maxClients:  orDefault(s.MaxClients, DefaultMaxClients),
		idleTimeout: max(s.IdleTimeout, 0),
		pubSubLimit: orDefault(s.PubSubLimit, DefaultPubSubLimit),
		log:         log,
		db:          newStore(),
		hub:         newHub(),
	}
}

// Serve accepts connections on ln and serves each in its own goroutine
// until ctx is cancelled. Then it shuts down gracefully: it closes ln, lets
// every client have the replies to the commands it has already sent, closes
// every connection, and returns nil once all its goroutines have ended.
// It also returns nil if someone else closes ln, and the Accept error if
// ln fails in a way that waiting cannot fix (after the same shutdown).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	in := s.newInstance()
	// Clients and the expiry sweep watch this context, not the caller's:
	// they must stop however the accept loop ends.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	// Closing ln is what wakes a blocked Accept, and what makes the kernel
	// refuse new dials.
	context.AfterFunc(ctx, func() { ln.Close() })
	in.log.Info("serving", "addr", ln.Addr().String(), "max-clients", in.maxClients)

	var wg sync.WaitGroup
	wg.Go(func() { in.db.expireLoop(ctx) })
	err := in.accept(ctx, ln, &wg)
	stop()
	wg.Wait()
	return err
}

// accept runs the accept loop until ln is closed, returning nil then, or
// the error of a listener that failed for good. Every goroutine it starts
// is counted in wg.
func (in *instance) accept(ctx context.Context, ln net.Listener, wg *sync.WaitGroup) error {
	var delay time.Duration // the current backoff; zero after a success
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if isTemporary(err) {
			delay = backoff(delay)
			in.log.Warn("accept failed; retrying", "err", err, "in", delay)
			if !sleep(ctx, delay) {
				return nil
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("accept: %w", err)
		}
		delay = 0
		// Only this goroutine adds to the count, so it cannot pass the
		// limit between the check and the Add.
		if in.clients.Load() >= int64(in.maxClients) {
			in.reject(conn)
			continue
		}
		in.clients.Add(1)
		wg.Go(func() {
			defer in.clients.Add(-1)
			in.serveConn(ctx, conn)
		})
	}
}

// reject tells a client over the limit what Redis would, and hangs up.
func (in *instance) reject(conn net.Conn) {
	defer conn.Close()
	in.log.Warn("client over the limit; rejected", "remote", conn.RemoteAddr().String(), "max-clients", in.maxClients)
	conn.SetWriteDeadline(time.Now().Add(rejectTimeout))
	io.WriteString(conn, "-"+errMaxClients.Error()+"\r\n")
}

// temporaryErrnos are the Accept failures worth waiting out: the process
// or the machine is out of file descriptors or socket memory for a moment,
// or a client hung up before it was accepted. Anything else, above all a
// broken listener, will not improve by retrying.
var temporaryErrnos = []error{
	syscall.EMFILE,       // too many open files in this process
	syscall.ENFILE,       // too many open files on the machine
	syscall.ENOBUFS,      // no buffer space for the socket
	syscall.ENOMEM,       // no memory for the socket
	syscall.ECONNABORTED, // retried inside Go's runtime on Unix; listed for the rest
}

// isTemporary reports whether Accept may succeed if tried again later.
// errors.Is finds the errno inside the *net.OpError that Accept returns.
func isTemporary(err error) bool {
	for _, errno := range temporaryErrnos {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}

// backoff returns the pause after another temporary error, given the
// previous pause (zero if the last Accept succeeded).
func backoff(prev time.Duration) time.Duration {
	if prev == 0 {
		return firstRetry
	}
	return min(2*prev, maxRetry)
}

// sleep waits d and reports true, or reports false as soon as ctx is done,
// so that a server backing off can still be stopped at once.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// orDefault returns v, or def when v is not positive.
func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
