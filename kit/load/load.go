// Package load drives an echo server over TCP and measures it. It has three
// modes: ping-pong (each connection sends a message and waits for its
// echo), stream (each connection writes as fast as the server echoes) and
// idle (many connections held open while the server's memory is read).
// Every byte that comes back is checked against what was sent.
//
// kit/cmd/loadgen and stage 06's benchmarks are built on it. Open dials the
// connections; Run drives them, so that a benchmark's clock can start
// after the dialling.
//
// This file holds what a run is asked to do and what it found; the
// session (session.go) dials and runs the connections, each driven by a
// worker (worker.go) or held idle (idle.go), and every echo is checked
// against its pattern (verify.go).
package load

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// Mode is what the connections do.
type Mode string

// The modes.
const (
	PingPong Mode = "pingpong"
	Stream   Mode = "stream"
	Idle     Mode = "idle"
)

// MaxConns bounds Config.Conns: one machine's ephemeral ports and file
// limits make more meaningless on loopback.
const MaxConns = 10_000

// Config says what to do.
type Config struct {
	Addr  string
	Mode  Mode
	Conns int
	// Size is the bytes per message (ping-pong) or per write (stream).
	Size int
	// Duration is how long to run; in idle mode, how long to hold the
	// connections open. Zero means until Messages are done.
	Duration time.Duration
	// Messages, if positive, stops the run after this many messages in
	// all: round trips in ping-pong, writes in stream.
	Messages int64
	// PID, if set, is the server's process (Linux only). In idle mode its
	// resident memory is read before and after the connections open; in
	// the other modes, the CPU time it uses during the run.
	PID int
	// Progress, if set, is updated while the run goes on.
	Progress *Progress
}

// Progress is what a run has done so far, safe to read while it runs.
type Progress struct {
	Connected atomic.Int64 // connections open
	Done      atomic.Int64 // messages (or, in idle mode, first echoes) done
	Errors    atomic.Int64
	Started   atomic.Int64 // when Run's clock started, in Unix nanoseconds
}

// Result is what a run measured.
type Result struct {
	Config
	Elapsed  time.Duration
	Messages int64 // round trips, or stream writes fully echoed
	Bytes    int64 // bytes echoed and verified
	Errors   int64 // connections that failed
	FirstErr error
	Latency  Histogram // round trip, or from a write to the end of its echo
	Open     int       // idle: connections held open at once
	// RSSBefore and RSSAfter are the server's resident memory, in bytes,
	// before the connections opened and while they were all idle.
	RSSBefore, RSSAfter int64
	// CPU is the time the server process used during a ping-pong or
	// stream run, when PID was given.
	CPU CPU
}

// MsgsPerSec is the message rate.
func (r *Result) MsgsPerSec() float64 { return float64(r.Messages) / r.Elapsed.Seconds() }

// MBPerSec is the rate of verified echo, in megabytes (10^6) a second.
func (r *Result) MBPerSec() float64 { return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds() }

// MemPerConn is the server's resident memory per idle connection, in
// bytes, or 0 when it was not measured.
func (r *Result) MemPerConn() float64 {
	if r.Open == 0 || r.RSSAfter == 0 {
		return 0
	}
	return float64(r.RSSAfter-r.RSSBefore) / float64(r.Open)
}

// CPUPerMsg is the server's CPU time per message, or 0 when it was not
// measured. Unlike the message rate, it does not depend on how fast the
// load generator is: it is what one message costs the server.
func (r *Result) CPUPerMsg() time.Duration {
	if r.Messages == 0 {
		return 0
	}
	return r.CPU.Total() / time.Duration(r.Messages)
}

// CPUBusy is the share of one CPU the server used during the run: near 1
// when the server was the bottleneck, lower when it waited for the load
// generator.
func (r *Result) CPUBusy() float64 {
	if r.Elapsed == 0 {
		return 0
	}
	return r.CPU.Total().Seconds() / r.Elapsed.Seconds()
}

// Check reports what is wrong with c, if anything.
func (c Config) Check() error {
	switch {
	case c.Mode != PingPong && c.Mode != Stream && c.Mode != Idle:
		return fmt.Errorf("mode %q: want pingpong, stream or idle", c.Mode)
	case c.Conns < 1 || c.Conns > MaxConns:
		return fmt.Errorf("conns %d: want 1 to %d", c.Conns, MaxConns)
	case c.Size < 1 || c.Size > 16<<20:
		return fmt.Errorf("size %d: want 1 byte to 16 MiB", c.Size)
	case c.Duration <= 0 && c.Messages <= 0 && c.Mode != Idle:
		return errors.New("give a duration or a message count, or the run never ends")
	case c.Duration < 0 || c.Duration > time.Hour:
		return fmt.Errorf("duration %v: want at most an hour", c.Duration)
	}
	return nil
}
