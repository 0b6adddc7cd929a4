package miniredis

// errUnbalancedQuotes is the protocol error for an inline command whose
// quotes do not pair up.
const errUnbalancedQuotes = protocolError("unbalanced quotes in request")

// appendInlineArgs splits an inline command (what telnet or nc send: words
// on one line) into arguments and appends them to args. It follows Redis's
// sdssplitargs: words are separated by blanks; "double quotes" allow the
// escapes \n \r \t \b \a \xHH and \<any byte>; 'single quotes' allow only
// \'. A closing quote must be followed by a blank or the end of the line.
func appendInlineArgs(args [][]byte, line []byte) ([][]byte, error) {
	for i := 0; ; {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) {
			return args, nil
		}
		arg, n, err := inlineArg(line[i:])
		if err != nil {
			return args, err
		}
		args = append(args, arg)
		i += n
	}
}

// inlineArg reads the argument at the start of s, which is not blank, and
// returns it with the number of bytes it took.
func inlineArg(s []byte) (arg []byte, n int, err error) {
	arg = []byte{} // not nil: "" is an argument
	var quote byte // '"' or '\'' while inside quotes, else 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch quote {
		case '"':
			switch {
			case c == '\\' && i+3 < len(s) && s[i+1] == 'x' && isHex(s[i+2]) && isHex(s[i+3]):
				arg = append(arg, unhex(s[i+2])<<4|unhex(s[i+3]))
				i += 3
			case c == '\\' && i+1 < len(s):
				i++
				arg = append(arg, unescape(s[i]))
			case c == '"':
				return closeQuote(arg, s, i)
			default:
				arg = append(arg, c)
			}
		case '\'':
			switch {
			case c == '\\' && i+1 < len(s) && s[i+1] == '\'':
				i++
				arg = append(arg, '\'')
			case c == '\'':
				return closeQuote(arg, s, i)
			default:
				arg = append(arg, c)
			}
		default:
			switch c {
			case ' ', '\n', '\r', '\t':
				return arg, i, nil
			case '"', '\'':
				quote = c // a quote may open mid-word: a"b c" is "ab c"
			default:
				arg = append(arg, c)
			}
		}
	}
	if quote != 0 {
		return nil, 0, errUnbalancedQuotes
	}
	return arg, len(s), nil
}

// closeQuote ends an argument at the closing quote s[i], which must be
// followed by a blank or the end of the line.
func closeQuote(arg, s []byte, i int) ([]byte, int, error) {
	if i+1 < len(s) && !isSpace(s[i+1]) {
		return nil, 0, errUnbalancedQuotes
	}
	return arg, i + 1, nil
}

// isSpace is C's isspace, which Redis uses to skip blanks between words.
// (Only space, \t, \r and \n end an unquoted word: "a\vb" is one word.)
func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// unescape returns the byte that a backslash and c stand for in double
// quotes.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'a':
		return '\a'
	}
	return c
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
