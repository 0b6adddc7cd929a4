package mutants

// UnknownCommandText: "an unknown command gets ERR unknown command
// 'FLY'." Redis also quotes the first arguments ("with args beginning
// with: 'to' 'the' 'moon' "), and clients and tests match the words.
// Caught by "unknown-command".
var UnknownCommandText = serveWith(func(s *server) {
	s.unknown = func(args [][]byte) string {
		return "ERR unknown command '" + string(args[0]) + "'" // BUG: not Redis's text
	}
})
