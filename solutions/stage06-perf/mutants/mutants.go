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
}

// serve is a correct accept loop around a faulty handler.
func serve(ln net.Listener, handle func(net.Conn)) error {
	return acceptLoop(ln, func(conn net.Conn) { go handle(conn) })
}

// acceptLoop passes each accepted connection to dispatch until ln is closed.
func acceptLoop(ln net.Listener, dispatch func(net.Conn)) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		dispatch(conn)
	}
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
