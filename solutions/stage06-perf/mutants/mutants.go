// Package mutants holds known-wrong stage 06 servers, one per common
// mistake. The solutions' tests prove that the stage 06 suite rejects each
// one, with the check named next to it.
//
// They share a correct accept loop, a correct reader and a correct
// handler; each mutant supplies the part it gets wrong. For brevity the
// reader here borrows its buffer and blocks in Read with it, where the
// reference borrows one only for a read that cannot block; no mutant is
// meant to be caught for that.
package mutants

import (
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"tcpworkbook/kit/check"
	"tcpworkbook/stage06-perf/perftest"
)

// Servers maps each mutant's name, as perftest.Manifest.Mutants and
// the perf-mutant command know it, to its server.
var Servers = map[string]check.Serve[perftest.Config]{
	"unbounded-queue": UnboundedQueue,
	"early-put":       EarlyPut,
	"copy-per-chunk":  CopyPerChunk,
	"worker-pool":     WorkerPool,
	"stuck-reader":    StuckReader,
	"exit-on-emfile":  ExitOnEMFILE,
}

// serve is a correct accept loop around a faulty handler.
func serve(ln net.Listener, handle func(net.Conn)) error {
	return acceptLoop(ln, func(conn net.Conn) { go handle(conn) })
}

// acceptLoop passes each accepted connection to dispatch until ln is
// closed. Like the reference, it backs off on a temporary error (5 ms,
// doubling up to 1 s) instead of returning it.
func acceptLoop(ln net.Listener, dispatch func(net.Conn)) error {
	var delay time.Duration
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if temporary(err) {
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			time.Sleep(delay) // at most 1 s: Serve still returns promptly once ln closes
			continue
		}
		if err != nil {
			return err
		}
		delay = 0
		dispatch(conn)
	}
}

// temporary reports whether an Accept error is worth waiting out.
func temporary(err error) bool {
	for _, errno := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.ECONNABORTED} {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}

// echo is a correct handler: a reader and a writer joined by a queue of
// queueOf(o) pooled buffers, each given back once it has been written.
func echo(conn net.Conn, o perftest.Config) {
	defer conn.Close()
	pool := poolOf(o)
	queue := make(chan *[]byte, queueOf(o))
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		for buf := range queue {
			conn.Write(*buf)
			pool.Put(buf)
		}
	}()
	readInto(conn, pool, func(buf *[]byte) { queue <- buf })
	close(queue)
	<-wrote
}

// readInto reads conn into pooled buffers and hands each filled one to
// send until EOF or an error.
func readInto(conn net.Conn, pool perftest.Pool, send func(*[]byte)) {
	for {
		buf := pool.Get()
		n, err := conn.Read(*buf)
		if n > 0 {
			*buf = (*buf)[:n]
			send(buf)
		} else {
			pool.Put(buf)
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				conn.Close()
			}
			return
		}
	}
}

func poolOf(o perftest.Config) perftest.Pool {
	if o.Pool != nil {
		return o.Pool
	}
	return shared
}

func queueOf(o perftest.Config) int {
	if o.Queue > 0 {
		return o.Queue
	}
	return 8
}

type syncPool struct{ p sync.Pool }

func (sp *syncPool) Get() *[]byte { return sp.p.Get().(*[]byte) }

func (sp *syncPool) Put(b *[]byte) {
	*b = (*b)[:cap(*b)]
	sp.p.Put(b)
}

var shared = &syncPool{p: sync.Pool{New: func() any {
	b := make([]byte, 16<<10)
	return &b
}}}
