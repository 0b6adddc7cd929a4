package framing

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"testing"
)

// BenchmarkFlush compares two ways of sending replies over loopback TCP:
// flushing after every line, and echoLines, which flushes only when no
// complete line is waiting. One op is a burst of 1,000 lines written at
// once and their replies read back. The writes/op metric counts the
// writes that reach the socket, one system call each:
//
//	go test ./solutions/stage02-framing/ -run '^$' -bench Flush
func BenchmarkFlush(b *testing.B) {
	b.Run("every-line", func(b *testing.B) { benchmarkEcho(b, echoFlushingEveryLine) })
	b.Run("when-idle", func(b *testing.B) { benchmarkEcho(b, echoLines) })
}

// echoFlushingEveryLine is echoLines with the simplest flushing rule:
// always. Each reply is a write of its own.
func echoFlushingEveryLine(r io.Reader, w io.Writer, maxLine int) (int, error) {
	br := newLineReader(r, maxLine)
	bw := bufio.NewWriter(w)
	for n := 0; ; n++ {
		line, err := readLine(br, maxLine)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		bw.Write(line)
		bw.WriteByte('\n')
		if err := bw.Flush(); err != nil {
			return n, err
		}
	}
}

func benchmarkEcho(b *testing.B, echo func(io.Reader, io.Writer, int) (int, error)) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	var writes countingWriter
	done := make(chan struct{})
	go func() {
		defer close(done)
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		writes.w = conn
		echo(conn, &writes, DefaultMaxLine)
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}

	var burst bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&burst, "line %04d of a pipelined burst\n", i)
	}
	// 31 KB each way fits in the kernel's buffers, so writing it all
	// before reading cannot deadlock.
	reply := make([]byte, burst.Len())
	b.SetBytes(int64(burst.Len()))
	for b.Loop() {
		if _, err := client.Write(burst.Bytes()); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(client, reply); err != nil {
			b.Fatal(err)
		}
	}
	if !bytes.Equal(reply, burst.Bytes()) {
		b.Fatal("the replies differ from the lines sent")
	}
	client.Close()
	<-done
	b.ReportMetric(float64(writes.n.Load())/float64(b.N), "writes/op")
}

// countingWriter counts the writes that pass through it.
type countingWriter struct {
	w io.Writer
	n atomic.Int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(1)
	return c.w.Write(p)
}
