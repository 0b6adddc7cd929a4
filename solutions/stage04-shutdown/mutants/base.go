package mutants

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// server is the reference server with five steps open to change. Each
// mutant replaces one or two of them; everything else is correct.
type server struct {
	cfg shutdowntest.Config
	// wake is how a shutdown wakes a handler blocked in Read.
	wake func(conn net.Conn)
	// extendIdle gives the client the idle timeout before its line n.
	extendIdle func(conn net.Conn, n int)
	// recheck makes converse look at ctx again after extendIdle, in case
	// the new deadline undid a wake-up.
	recheck bool
	// writeDeadline gives each reply, and the farewell, the idle timeout
	// to be read.
	writeDeadline bool
	// drain waits for the handlers once the accept loop is over.
	drain func(live *connSet) error
	// keepWake leaves each wake-up registered when its handler returns.
	keepWake bool
	// addLate counts a handler from inside its own goroutine.
	addLate bool
}

// newServer returns a correct server; the caller swaps in its mistake.
func newServer(cfg shutdowntest.Config) *server {
	// Zero means the default, as in the reference (zero-config checks it).
	if cfg.Idle == 0 {
		cfg.Idle = 30 * time.Second
	}
	if cfg.Drain == 0 {
		cfg.Drain = 5 * time.Second
	}
	s := &server{cfg: cfg, recheck: true, writeDeadline: true}
	s.wake = func(conn net.Conn) { conn.SetReadDeadline(time.Now()) }
	s.extendIdle = func(conn net.Conn, _ int) { conn.SetReadDeadline(time.Now().Add(cfg.Idle)) }
	s.drain = s.drainWithin
	return s
}

func (s *server) serve(ctx context.Context, ln net.Listener) error {
	ctx, shutdown := context.WithCancel(ctx)
	defer shutdown()
	context.AfterFunc(ctx, func() { ln.Close() })
	live := new(connSet)
	var err error
	for {
		conn, aerr := ln.Accept()
		if aerr != nil {
			if !errors.Is(aerr, net.ErrClosed) {
				err = aerr
			}
			break
		}
		if !s.addLate {
			live.add(conn)
		}
		go func() {
			if s.addLate {
				live.add(conn)
			}
			defer live.remove(conn)
			defer conn.Close()
			s.converse(ctx, conn)
		}()
	}
	shutdown()
	return errors.Join(err, s.drain(live))
}

func (s *server) drainWithin(live *connSet) error {
	done := make(chan struct{})
	go func() {
		live.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(s.cfg.Drain):
	}
	cut := live.closeAll()
	<-done
	return fmt.Errorf("shutdown: %d connections did not finish within %v and were closed", cut, s.cfg.Drain)
}

func (s *server) converse(ctx context.Context, conn net.Conn) {
	stop := context.AfterFunc(ctx, func() { s.wake(conn) })
	if !s.keepWake {
		defer stop()
	}
	r := bufio.NewReaderSize(conn, s.cfg.MaxLine+2)
	w := bufio.NewWriter(conn)
	for n := 0; ; n++ {
		s.extendIdle(conn, n)
		if s.recheck && ctx.Err() != nil {
			conn.SetReadDeadline(time.Now())
		}
		line, err := readLine(r, s.cfg.MaxLine)
		if s.writeDeadline {
			conn.SetWriteDeadline(time.Now().Add(s.cfg.Idle))
		}
		switch {
		case errors.Is(err, io.EOF):
			w.Flush()
			return
		case errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() != nil:
			w.WriteString("server shutting down\n")
			w.Flush()
			return
		case errors.Is(err, os.ErrDeadlineExceeded):
			w.WriteString("idle timeout\n")
			w.Flush()
			return
		case errors.Is(err, errTooLong):
			w.WriteString("error: line too long\n")
			w.Flush()
			return
		case err != nil:
			return
		}
		w.Write(line)
		w.WriteByte('\n')
		if buffered, _ := r.Peek(r.Buffered()); bytes.IndexByte(buffered, '\n') < 0 {
			if w.Flush() != nil {
				return
			}
		}
	}
}

var errTooLong = errors.New("line too long")

func readLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, errTooLong
	case errors.Is(err, io.EOF) && len(line) > 0:
	case err != nil:
		return nil, err
	}
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	if len(line) > maxLine {
		return nil, errTooLong
	}
	return line, nil
}

type connSet struct {
	wg sync.WaitGroup
	mu sync.Mutex
	m  map[net.Conn]struct{}
}

func (cs *connSet) add(c net.Conn) {
	cs.wg.Add(1)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.m == nil {
		cs.m = make(map[net.Conn]struct{})
	}
	cs.m[c] = struct{}{}
}

func (cs *connSet) remove(c net.Conn) {
	cs.mu.Lock()
	delete(cs.m, c)
	cs.mu.Unlock()
	cs.wg.Done()
}

func (cs *connSet) closeAll() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c := range cs.m {
		c.Close()
	}
	return len(cs.m)
}
