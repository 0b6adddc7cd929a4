package miniredis

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// A command that fails returns an error whose text is the reply, word for
// word as Redis 7.0 sends it (without the leading '-'): clients and tests
// match these strings, so none of them may be reworded.
var (
	errSyntax       = errors.New("ERR syntax error")
	errNotInteger   = errors.New("ERR value is not an integer or out of range")
	errIntRange     = errors.New("ERR value is out of range, value must between -2147483648 and 2147483647")
	errIncrOverflow = errors.New("ERR increment or decrement would overflow")
	errDecrOverflow = errors.New("ERR decrement would overflow")
	errDBIndex      = errors.New("ERR DB index is out of range")
	errMaxClients   = errors.New("ERR max number of clients reached")
	//lint:ignore ST1005 Redis's reply, word for word, full stop included
	errClientName = errors.New("ERR Client names cannot contain spaces, newlines or special characters.")
	errExpireNX   = errors.New("ERR NX and XX, GT or LT options at the same time are not compatible")
	errExpireGTLT = errors.New("ERR GT and LT options at the same time are not compatible")
)

// Reasons a connection ends that are not sent to the client.
var (
	errSlowSubscriber = errors.New("subscriber fell too far behind")
	errShutdown       = errors.New("server shutting down")
)

// A protocolError is a request that cannot be parsed. Redis answers it with
// "-ERR Protocol error: ..." and closes the connection, since it can no
// longer tell where the next command starts; so do we.
type protocolError string

func (e protocolError) Error() string { return "ERR Protocol error: " + string(e) }

// errArity is the reply to a command with too few or too many arguments;
// name is the command's full name in lower case, as in "config|get".
func errArity(name string) error {
	return fmt.Errorf("ERR wrong number of arguments for '%s' command", name)
}

// errExpireTime is the reply to an expiry that is out of range.
func errExpireTime(name string) error {
	return fmt.Errorf("ERR invalid expire time in '%s' command", name)
}

// errUnsupportedOption is EXPIRE's reply to an option it does not know.
func errUnsupportedOption(opt []byte) error {
	return fmt.Errorf("ERR Unsupported option %s", opt)
}

// errPubSubOnly is the reply to a command a subscribed client may not send.
func errPubSubOnly(name string) error {
	return fmt.Errorf("ERR Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context", name)
}

// errUnknownSubcommand is the reply to CONFIG, CLIENT or COMMAND followed
// by a word that is not one of theirs.
func errUnknownSubcommand(args [][]byte) error {
	//lint:ignore ST1005 Redis's reply, word for word, full stop included
	return fmt.Errorf("ERR unknown subcommand '%s'. Try %s HELP.", clip(args[1], quoteMax), bytes.ToUpper(args[0]))
}

// quoteMax is how much of the client's own words an error quotes. Redis
// caps both the command name and the list of arguments at 128 bytes.
const quoteMax = 128

// errUnknownCommand is the reply to a command name that is not in the
// table. It quotes the first arguments, each followed by a space, until
// the list reaches quoteMax bytes, as Redis does: a client sending
// "FOO a b" reads "unknown command 'FOO', with args beginning with: 'a' 'b' ".
func errUnknownCommand(args [][]byte) error {
	var quoted strings.Builder
	for _, arg := range args[1:] {
		if quoted.Len() >= quoteMax {
			break
		}
		fmt.Fprintf(&quoted, "'%s' ", clip(arg, quoteMax-quoted.Len()))
	}
	return fmt.Errorf("ERR unknown command '%s', with args beginning with: %s", clip(args[0], quoteMax), quoted.String())
}

// clip returns at most the first n bytes of b.
func clip(b []byte, n int) []byte { return b[:min(len(b), n)] }
