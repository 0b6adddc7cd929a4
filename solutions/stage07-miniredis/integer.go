package miniredis

import "math"

// maxIntLen is the longest integer Redis will parse: 20 characters, enough
// for "-9223372036854775808".
const maxIntLen = 20

// parseInt parses b as Redis parses an integer (its string2ll), for lengths
// in the protocol as for values and arguments: an optional minus sign, then
// decimal digits without a leading zero, nothing else. strconv.ParseInt is
// more lenient, accepting "+5", "05" and "-0", which Redis rejects; a
// server that accepted them would answer differently. It takes a stored
// value (a string) as well as an argument (bytes) without copying either.
func parseInt[T string | []byte](b T) (int64, bool) {
	if len(b) == 0 || len(b) > maxIntLen {
		return 0, false
	}
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || b[0] == '0' {
		return 0, false
	}
	var v uint64
	for i := range len(b) {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, false
		}
		v = 10*v + d
	}
	switch {
	case neg && v <= -math.MinInt64:
		// Negating in uint64 wraps around to the two's complement
		// pattern, which is right even for math.MinInt64, whose
		// magnitude no int64 can hold.
		return int64(-v), true
	case !neg && v <= math.MaxInt64:
		return int64(v), true
	}
	return 0, false
}
