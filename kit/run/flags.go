package run

import (
	"errors"
	"flag"
	"strconv"
	"time"
)

// PositiveInt is a flag.Value for a count that must be at least 1, stored
// in *n:
//
//	flag.Var(run.PositiveInt(&s.MaxConns), "max-conns", "serve at most `n` clients at once")
func PositiveInt(n *int) flag.Value { return positiveInt{n} }

// PositiveDuration is a flag.Value for a duration that must be more than
// zero, in Go's syntax (200ms, 1.5s, 2m), stored in *d.
func PositiveDuration(d *time.Duration) flag.Value { return positiveDuration{d} }

type positiveInt struct{ n *int }

func (v positiveInt) String() string {
	if v.n == nil {
		return "0"
	}
	return strconv.Itoa(*v.n)
}

func (v positiveInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("not a whole number")
	}
	if n < 1 {
		return errors.New("must be at least 1")
	}
	*v.n = n
	return nil
}

type positiveDuration struct{ d *time.Duration }

func (v positiveDuration) String() string {
	if v.d == nil {
		return "0s"
	}
	return v.d.String()
}

func (v positiveDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("not a duration, such as 200ms or 30s")
	}
	if d <= 0 {
		return errors.New("must be more than zero")
	}
	*v.d = d
	return nil
}
