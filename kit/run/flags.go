package run

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"time"
)

// IntRange is a flag.Value for a whole number from lo to hi, stored in *n.
// A value outside the range is refused when the flags are parsed, so the
// flag package prints the flag's name, the range and the usage to stderr
// and exits with status 2: a nonsense value never reaches the server, and
// a huge one cannot crash it at its first client.
//
//	flag.Var(run.IntRange(&s.MaxLine, 1, 16<<20), "max-line", "the longest line accepted, in `bytes`")
func IntRange(n *int, lo, hi int) flag.Value { return intRange{n, lo, hi} }

// PositiveInt is IntRange from 1 to the largest int.
func PositiveInt(n *int) flag.Value { return IntRange(n, 1, math.MaxInt) }

// DurationRange is a flag.Value for a duration from lo to hi, in Go's
// syntax (200ms, 1.5s, 2m), stored in *d. Like IntRange, it refuses a
// value outside the range at start-up.
func DurationRange(d *time.Duration, lo, hi time.Duration) flag.Value {
	return durationRange{d, lo, hi}
}

// PositiveDuration is DurationRange from 1ns to the longest duration.
func PositiveDuration(d *time.Duration) flag.Value {
	return DurationRange(d, time.Nanosecond, math.MaxInt64)
}

type intRange struct {
	n      *int
	lo, hi int
}

func (v intRange) String() string {
	if v.n == nil {
		return "0"
	}
	return strconv.Itoa(*v.n)
}

func (v intRange) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < v.lo || n > v.hi {
		return fmt.Errorf("want a whole number %s", describeRange(strconv.Itoa(v.lo), strconv.Itoa(v.hi), v.hi == math.MaxInt))
	}
	*v.n = n
	return nil
}

type durationRange struct {
	d      *time.Duration
	lo, hi time.Duration
}

func (v durationRange) String() string {
	if v.d == nil {
		return "0s"
	}
	return v.d.String()
}

func (v durationRange) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil || d < v.lo || d > v.hi {
		return fmt.Errorf("want a duration such as 200ms or 30s, %s",
			describeRange(v.lo.String(), v.hi.String(), v.hi == math.MaxInt64))
	}
	*v.d = d
	return nil
}

// describeRange says "from lo to hi", or "of at least lo" when there is
// no upper bound worth naming.
func describeRange(lo, hi string, unbounded bool) string {
	if unbounded {
		return "of at least " + lo
	}
	return fmt.Sprintf("from %s to %s", lo, hi)
}
