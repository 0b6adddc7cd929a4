package load

import (
	"testing"
	"time"
)

func TestBuckets(t *testing.T) {
	prev := -1
	for d := time.Duration(0); d < 10*time.Second; d = d*17/16 + 1 {
		i := bucketOf(d)
		if i < prev {
			t.Fatalf("bucketOf(%v) = %d, below bucketOf of a shorter duration (%d)", d, i, prev)
		}
		if lo, hi := lowest(i), lowest(i+1); d < lo || d >= hi {
			t.Fatalf("%v landed in bucket %d = [%v, %v)", d, i, lo, hi)
		}
		prev = i
	}
}

func TestQuantile(t *testing.T) {
	var h Histogram
	for i := 1; i <= 1000; i++ {
		h.Record(time.Duration(i) * time.Microsecond)
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Microsecond}, {0.99, 990 * time.Microsecond}} {
		got := h.Quantile(c.q)
		if got < c.want*92/100 || got > c.want*108/100 {
			t.Errorf("Quantile(%v) = %v, want about %v", c.q, got, c.want)
		}
	}
	if h.Count() != 1000 || h.Max() != time.Millisecond {
		t.Errorf("Count, Max = %d, %v; want 1000, 1ms", h.Count(), h.Max())
	}
}

func TestRecordDoesNotAllocate(t *testing.T) {
	var h Histogram
	if n := testing.AllocsPerRun(100, func() { h.Record(123 * time.Microsecond) }); n != 0 {
		t.Errorf("Record allocated %v times", n)
	}
}
