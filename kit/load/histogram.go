package load

import (
	"math/bits"
	"time"
)

// subBits sets the histogram's precision: each power of two is split into
// 2^subBits buckets, so a bucket is at most 1/16 (about 6%) wide.
const subBits = 4

// Histogram counts durations in logarithmic buckets. Recording is one
// array increment: no allocation, no lock. Give each goroutine its own and
// Merge them at the end.
type Histogram struct {
	counts [64 << subBits]uint32
	n      uint64
	max    time.Duration
}

func bucketOf(d time.Duration) int {
	v := uint64(max(d, 0))
	if v < 1<<subBits {
		return int(v)
	}
	e := bits.Len64(v) - subBits - 1
	return (e+1)<<subBits + int(v>>e) - 1<<subBits
}

// lowest returns the smallest duration that falls in bucket i.
func lowest(i int) time.Duration {
	if i < 1<<subBits {
		return time.Duration(i)
	}
	e := i>>subBits - 1
	m := uint64(i&(1<<subBits-1) + 1<<subBits)
	return time.Duration(m << e)
}

// Record adds one duration.
func (h *Histogram) Record(d time.Duration) {
	h.counts[bucketOf(d)]++
	h.n++
	h.max = max(h.max, d)
}

// Merge adds every duration recorded in o.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

// Count is how many durations were recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Max is the longest duration recorded.
func (h *Histogram) Max() time.Duration { return h.max }

// Quantile returns the duration below which a fraction q of the recorded
// ones fall, as the middle of its bucket; zero if nothing was recorded.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q * float64(h.n))
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += uint64(c)
		if seen >= rank {
			lo, hi := lowest(i), lowest(i+1)
			return min(lo+(hi-lo)/2, h.max)
		}
	}
	return h.max
}
