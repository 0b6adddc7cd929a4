// Package mutants holds known-wrong stage 06 servers, one per common
// mistake. The solutions' tests prove that the stage 06 suite rejects each
// one, with the check named next to it.
//
// They share the reference's correct parts: its accept loop, TCP_NODELAY,
// its reader (reader.go) and its echoer (writer.go), which writes inline
// while nothing is queued and runs a writer only while chunks are. Each
// mutant supplies the part it gets wrong, and so is caught first by a
// check that points at the TODO holding its mistake, as check.Mutants
// requires.
package mutants

import (
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"tcpworkbook/stage06-perf/perftest"
)

// All maps each mutant's name, as perftest.Manifest.Mutants and the
// mutant command know it, to the suite's Impl with that one mistake.
var All = map[string]perftest.Impl{
	"unbounded-queue":     {Serve: UnboundedQueue},
	"early-put":           {Serve: EarlyPut},
	"copy-per-chunk":      {Serve: CopyPerChunk},
	"worker-pool":         {Serve: WorkerPool},
	"stuck-reader":        {Serve: StuckReader},
	"exit-on-emfile":      {Serve: ExitOnEMFILE},
	"two-goroutines":      {Serve: TwoGoroutines},
	"writer-per-burst":    {Serve: WriterPerBurst},
	"inline-while-queued": {Serve: InlineWhileQueued},
	"resend-cut-short":    {Serve: ResendCutShort},
	"blocking-inline":     {Serve: BlockingInline},
	"park-on-eagain":      {Serve: ParkOnEAGAIN},
	"kept-on-eagain":      {Serve: KeptOnEAGAIN},
	"closure-per-read":    {Serve: ClosurePerRead},
	"no-wait-at-eof":      {Serve: NoWaitAtEOF},
	"put-twice-on-error":  {Serve: PutTwiceOnError},
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
		noDelay(conn)
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

// noDelay turns Nagle's algorithm off, as the reference does.
func noDelay(conn net.Conn) {
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetNoDelay(true)
	}
}

// readInto reads conn in chunks, as the reference does, and hands each
// filled buffer to send until EOF or an error. After an error other than
// EOF it closes conn, so that a writer stops too.
func readInto(conn net.Conn, pool perftest.Pool, send func(*[]byte)) {
	readIntoWith(conn, pool, send, nil)
}

// readIntoWith is readInto with one of the reader's mistakes switched on.
func readIntoWith(conn net.Conn, pool perftest.Pool, send func(*[]byte), mistake func(*chunkReader)) {
	next := chunks(conn, pool, mistake)
	for {
		buf, err := next()
		if buf != nil {
			send(buf)
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
