package perftest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"time"
)

// pushLimit is far more than kernel buffers and a bounded queue can hold
// for one connection on loopback, and far less than 64 MiB.
const pushLimit = 48 << 20

type pushResult struct {
	total   int64
	stalled bool // a write made no progress for a whole stall period
	err     error
}

// push writes to conn without ever reading, until no byte has gone out for
// stall, total reaches limit, stop is closed or budget has passed.
func push(conn net.Conn, limit int64, stall time.Duration, stop <-chan struct{}, budget time.Duration) pushResult {
	chunk := bytes.Repeat([]byte("never read "), 64<<10/11)
	start := time.Now()
	progress := start
	var r pushResult
	defer conn.SetWriteDeadline(time.Time{})
	for r.total < limit && time.Since(start) < budget {
		select {
		case <-stop:
			return r
		default:
		}
		conn.SetWriteDeadline(time.Now().Add(stall / 4))
		n, err := conn.Write(chunk)
		r.total += int64(n)
		if n > 0 {
			progress = time.Now()
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			if stop == nil && time.Since(progress) >= stall {
				r.stalled = true
				return r
			}
			continue
		}
		if err != nil {
			r.err = err
			return r
		}
	}
	return r
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
