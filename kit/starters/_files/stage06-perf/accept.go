package perf

import (
	"context"
	"errors"
	"net"
	"syscall"
	"time"
)

// This file is the same in the starter and in the reference: the accept
// loop is stage 05's lesson, given here written.

// The backoff after a temporary Accept error: 5 ms, doubling up to 1 s,
// back to 5 ms after any success. These are net/http's numbers.
const (
	firstRetry = 5 * time.Millisecond
	maxRetry   = time.Second
)

// Serve accepts connections on ln and echoes each one. It returns nil once
// ln is closed or ctx is done, and an Accept error that retrying cannot
// fix as it is.
//
// A server with thousands of connections is the one that runs out of file
// descriptors: every connection holds one. Accept then fails with EMFILE,
// and the connection waits in the kernel's backlog. That is a reason to
// pause and try again, not to stop serving: descriptors come back as
// clients leave.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	log := s.logger()
	var delay time.Duration // the current backoff; zero after a success
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if isTemporary(err) {
			delay = backoff(delay)
			log.Warn("accept failed; retrying", "err", err, "in", delay)
			if !sleep(ctx, delay) {
				return nil
			}
			continue
		}
		if err != nil {
			return err
		}
		delay = 0
		// Logged here rather than in handle: formatting a log line needs
		// a deep stack, and a goroutine's stack, once grown, stays grown
		// while it waits. The accept loop grows its stack once; 10,000
		// idle connections would each keep the larger stack.
		log.Info("connected", "remote", conn.RemoteAddr())
		go s.handle(conn)
	}
}

// temporaryErrnos are the Accept failures worth waiting out: the process
// or the machine is out of file descriptors or socket memory for a moment,
// or a client hung up before it was accepted. Anything else, above all a
// closed or broken listener, will not improve by retrying.
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
