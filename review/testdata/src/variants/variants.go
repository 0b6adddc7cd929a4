// Package variants holds correct code written the ways students write it,
// for each stage's TODOs: none of it may give a finding.
package variants

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// Stage 01: the accept loop, with the closed listener tested inside.
func serve(ln net.Listener, log *slog.Logger) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			log.Warn("accept", "err", err)
			return err
		}
		go func(c net.Conn) { // want `^unlimited-goroutines`
			defer c.Close()
			if n, err := echo(c); err != nil {
				log.Warn("echo", "n", n, "err", err)
			}
		}(conn)
	}
}

// Stage 01: the echo, counting before it writes, and EOF tested last.
func echo(rw io.ReadWriter) (int64, error) {
	buf := make([]byte, 1024)
	var total int64
	for {
		n, err := rw.Read(buf)
		if n > 0 {
			w, werr := rw.Write(buf[:n])
			total += int64(w)
			if werr != nil {
				return total, werr
			}
		}
		if err != nil {
			if err == io.EOF {
				return total, nil
			}
			return total, err
		}
	}
}

// Stage 02: readLine with the EOF case inside the error test.
func readLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, errors.New("too long")
		}
		if !errors.Is(err, io.EOF) || len(line) == 0 {
			return nil, err
		}
	}
	if len(line) > maxLine {
		return nil, errors.New("too long")
	}
	return line, nil
}

// Stage 02: the line echo, flushing after every line, the reply by Fprintf.
func echoLines(conn net.Conn) (int, error) {
	br := bufio.NewReader(conn)
	bw := bufio.NewWriter(conn)
	for n := 0; ; n++ {
		line, err := readLine(br, 1024)
		if errors.Is(err, io.EOF) {
			return n, bw.Flush()
		}
		if err != nil {
			return n, err
		}
		fmt.Fprintf(bw, "%s\n", line)
		if err := bw.Flush(); err != nil {
			return n, err
		}
	}
}

// Stage 02: the counter's answer, and a farewell on the way out.
func count(conn net.Conn) {
	defer conn.Close()
	n := 0
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(conn, "error: %v\n", err)
		return
	}
	fmt.Fprintf(conn, "%d\n", n)
}

// Stage 03: a room that queues under its lock and writes from each
// client's own goroutine.
type client struct {
	conn net.Conn
	out  chan string
}

type room struct {
	mu      sync.Mutex
	clients map[*client]bool
}

func (r *room) broadcastLocked(from *client, line string) {
	for c := range r.clients {
		if c == from {
			continue
		}
		select {
		case c.out <- line:
		default: // full: drop it
		}
	}
}

func (r *room) say(from *client, line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.broadcastLocked(from, line)
}

func (c *client) writeLoop() {
	w := bufio.NewWriter(c.conn)
	for line := range c.out {
		if _, err := w.WriteString(line); err != nil {
			return
		}
		if len(c.out) == 0 {
			if err := w.Flush(); err != nil {
				return
			}
		}
	}
	w.Flush()
}

// Stage 04: the listener closed by a goroutine, the drain with time.After.
func serveCtx(ctx context.Context, ln net.Listener, wg *sync.WaitGroup) error {
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
			defer stop()
			echo(conn)
		}()
	}
}

func drain(wg *sync.WaitGroup, mu *sync.Mutex, live map[net.Conn]bool, limit time.Duration) int {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return 0
	case <-time.After(limit):
	}
	mu.Lock()
	for c := range live {
		c.Close()
	}
	cut := len(live)
	mu.Unlock()
	<-done
	return cut
}

// Stage 05: the reject policy inline, the wait policy with a select, and
// the backoff with a timer.
func limited(ctx context.Context, ln net.Listener, slots chan struct{}, wait bool) error {
	delay := time.Duration(0)
	for {
		if wait {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return nil
			}
		}
		conn, err := ln.Accept()
		if err != nil {
			if wait {
				<-slots
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				t := time.NewTimer(delay)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					return nil
				}
				continue
			}
			return err
		}
		delay = 0
		if !wait {
			select {
			case slots <- struct{}{}:
			default:
				conn.SetWriteDeadline(time.Now().Add(time.Second))
				io.WriteString(conn, "server busy\n")
				conn.Close()
				continue
			}
		}
		go serveConn(conn, slots)
	}
}

func serveConn(conn net.Conn, slots chan struct{}) {
	defer func() { <-slots }()
	defer conn.Close()
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(os.Stderr, "panic: %v\n%s", v, debug.Stack())
		}
	}()
	echo(conn)
}

// Stage 06: a reader goroutine and a writer joined by a channel of pooled
// buffers.
var pool = sync.Pool{New: func() any { b := make([]byte, 16<<10); return &b }}

func split(conn net.Conn) (int64, error) {
	queue := make(chan *[]byte, 8)
	var rerr error
	go func() {
		defer close(queue)
		for {
			buf := pool.Get().(*[]byte)
			n, err := conn.Read(*buf)
			if n > 0 {
				*buf = (*buf)[:n]
				queue <- buf
			} else {
				pool.Put(buf)
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					rerr = err
				}
				return
			}
		}
	}()
	var total int64
	var werr error
	for buf := range queue {
		if werr == nil {
			n, err := conn.Write(*buf)
			total += int64(n)
			if err != nil {
				werr = err
				conn.Close()
			}
		}
		*buf = (*buf)[:cap(*buf)]
		pool.Put(buf)
	}
	if werr != nil {
		return total, werr
	}
	return total, rerr
}
