package miniredis

// globMatch reports whether s matches pattern, with Redis's glob syntax
// (used by PSUBSCRIBE and CONFIG GET): * is any run of bytes, ? any one
// byte, [abc], [a-z] and [^a] are classes, and \ makes the next byte
// literal. path.Match is not the same language: its * never matches '/',
// and it rejects patterns that Redis accepts, such as an unclosed '['.
//
// It follows Redis's stringmatchlen byte for byte, with one safeguard
// kept: once the text after a * fails to match from every position, no
// earlier * can do better, so the search stops instead of taking time
// exponential in the number of stars.
func globMatch(pattern, s string, nocase bool) bool {
	var hopeless bool
	return match(pattern, s, nocase, &hopeless)
}

func match(pattern, s string, nocase bool, hopeless *bool) bool {
	for len(pattern) > 0 && len(s) > 0 {
		switch pattern[0] {
		case '*':
			for len(pattern) > 1 && pattern[1] == '*' {
				pattern = pattern[1:]
			}
			if len(pattern) == 1 {
				return true
			}
			for ; len(s) > 0; s = s[1:] {
				if match(pattern[1:], s, nocase, hopeless) {
					return true
				}
				if *hopeless {
					return false
				}
			}
			*hopeless = true
			return false
		case '?':
			pattern, s = pattern[1:], s[1:]
		case '[':
			n, ok := matchClass(pattern, s[0], nocase)
			if !ok {
				return false
			}
			pattern, s = pattern[n:], s[1:]
		default:
			if pattern[0] == '\\' && len(pattern) >= 2 {
				pattern = pattern[1:]
			}
			if !sameByte(pattern[0], s[0], nocase) {
				return false
			}
			pattern, s = pattern[1:], s[1:]
		}
	}
	// Trailing stars match the empty rest of s.
	if len(s) == 0 {
		for len(pattern) > 0 && pattern[0] == '*' {
			pattern = pattern[1:]
		}
	}
	return len(pattern) == 0 && len(s) == 0
}

// matchClass matches c against the class at the start of pattern, which
// begins with '['. It returns the length of the class, up to and including
// its ']' (or all of pattern, for a class never closed, which Redis
// accepts), and whether c is in it.
func matchClass(pattern string, c byte, nocase bool) (n int, ok bool) {
	i := 1
	negate := i < len(pattern) && pattern[i] == '^'
	if negate {
		i++
	}
	in := false
	for ; i < len(pattern) && pattern[i] != ']'; i++ {
		switch {
		case pattern[i] == '\\' && i+1 < len(pattern):
			i++
			in = in || pattern[i] == c
		case i+2 < len(pattern) && pattern[i+1] == '-':
			lo, hi := pattern[i], pattern[i+2]
			if lo > hi {
				lo, hi = hi, lo
			}
			x := c
			if nocase {
				lo, hi, x = lower(lo), lower(hi), lower(x)
			}
			in = in || (lo <= x && x <= hi)
			i += 2
		default:
			in = in || sameByte(pattern[i], c, nocase)
		}
	}
	if i < len(pattern) {
		i++ // the ']'
	}
	return i, in != negate
}

func sameByte(a, b byte, nocase bool) bool {
	if nocase {
		return lower(a) == lower(b)
	}
	return a == b
}

// lower maps an ASCII upper-case letter to lower case. Redis's names and
// options are ASCII, and its case-insensitive comparisons are too.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
