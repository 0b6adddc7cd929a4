package miniredis

import "strings"

// A command is an entry of the command table.
type command struct {
	name string // the full name in lower case, as errors quote it: "get", "config|get"

	// arity is the number of arguments, the name included, in Redis's
	// convention: n means exactly n, and -n means at least n.
	arity int

	// run executes the command and writes its reply. An error it returns
	// is the reply instead, sent as it is.
	run func(c *client, args [][]byte) error

	// pubsub marks the commands a subscribed client may send. In RESP2
	// a subscribed connection carries messages, and most replies could
	// not be told apart from them.
	pubsub bool

	// subcommands, for CONFIG, CLIENT and COMMAND, are chosen by the
	// second word, as in Redis, which names them "config|get".
	subcommands map[string]*command
}

// commands is the command table, by lower-case name. It is filled in by
// init because COMMAND COUNT reads it: as a variable's initializer it
// would refer to itself.
var commands map[string]*command

func init() {
	commands = table(
		// Keys and strings: keys.go.
		&command{name: "get", arity: 2, run: cmdGet},
		&command{name: "set", arity: -3, run: cmdSet},
		&command{name: "del", arity: -2, run: cmdDel},
		&command{name: "exists", arity: -2, run: cmdExists},
		&command{name: "incr", arity: 2, run: cmdIncr},
		&command{name: "decr", arity: 2, run: cmdDecr},
		&command{name: "incrby", arity: 3, run: cmdIncrBy},
		&command{name: "decrby", arity: 3, run: cmdDecrBy},
		&command{name: "expire", arity: -3, run: cmdExpire},
		&command{name: "pexpire", arity: -3, run: cmdPExpire},
		&command{name: "ttl", arity: 2, run: cmdTTL},
		&command{name: "pttl", arity: 2, run: cmdPTTL},
		&command{name: "dbsize", arity: 1, run: cmdDBSize},
		&command{name: "flushall", arity: -1, run: cmdFlush},
		&command{name: "flushdb", arity: -1, run: cmdFlush},

		// Pub/sub: subscribe.go.
		&command{name: "publish", arity: 3, run: cmdPublish},
		&command{name: "subscribe", arity: -2, run: cmdSubscribe, pubsub: true},
		&command{name: "unsubscribe", arity: -1, run: cmdUnsubscribe, pubsub: true},
		&command{name: "psubscribe", arity: -2, run: cmdPSubscribe, pubsub: true},
		&command{name: "punsubscribe", arity: -1, run: cmdPUnsubscribe, pubsub: true},

		// The connection and the server: admin.go.
		&command{name: "ping", arity: -1, run: cmdPing, pubsub: true},
		&command{name: "echo", arity: 2, run: cmdEcho},
		&command{name: "quit", arity: -1, run: cmdQuit, pubsub: true},
		&command{name: "reset", arity: 1, run: cmdReset, pubsub: true},
		&command{name: "select", arity: 2, run: cmdSelect},
		&command{name: "client", arity: -2, subcommands: table(
			&command{name: "client|setname", arity: 3, run: cmdClientSetName},
			&command{name: "client|getname", arity: 2, run: cmdClientGetName},
			&command{name: "client|id", arity: 2, run: cmdClientID},
		)},
		&command{name: "config", arity: -2, subcommands: table(
			&command{name: "config|get", arity: -3, run: cmdConfigGet},
		)},
		&command{name: "command", arity: -1, run: cmdCommand, subcommands: table(
			&command{name: "command|count", arity: 2, run: cmdCommandCount},
			&command{name: "command|docs", arity: -2, run: cmdCommandDocs},
		)},
	)
}

// table indexes cmds by the last part of their names.
func table(cmds ...*command) map[string]*command {
	t := make(map[string]*command, len(cmds))
	for _, cmd := range cmds {
		name := cmd.name
		if _, sub, ok := strings.Cut(name, "|"); ok {
			name = sub
		}
		t[name] = cmd
	}
	return t
}

// exec runs one command. It checks first what Redis checks, in the same
// order, since a command can fail more than one check and the client must
// get the same error: that the command exists, that it has the right
// number of arguments, and that a subscribed client may send it.
func (c *client) exec(args [][]byte) {
	cmd, err := lookup(args)
	switch {
	case err != nil:
	case !cmd.arityOK(len(args)):
		err = errArity(cmd.name)
	case c.subscriptions() > 0 && !cmd.pubsub:
		err = errPubSubOnly(cmd.name)
	default:
		err = cmd.run(c, args)
	}
	if err != nil {
		c.w.error(err)
	}
}

// lookup finds the command that args name. A container command alone, such
// as "CONFIG", is looked up by itself, so that its arity check fails as
// Redis's does.
func lookup(args [][]byte) (*command, error) {
	cmd := find(commands, args[0])
	if cmd == nil {
		return nil, errUnknownCommand(args)
	}
	if cmd.subcommands == nil || len(args) == 1 {
		return cmd, nil
	}
	sub := find(cmd.subcommands, args[1])
	if sub == nil {
		return nil, errUnknownSubcommand(args)
	}
	return sub, nil
}

func (cmd *command) arityOK(n int) bool {
	if cmd.arity >= 0 {
		return n == cmd.arity
	}
	return n >= -cmd.arity
}

// longestName bounds the names find looks up; no command's is longer.
const longestName = 16

// find looks up name in t, ignoring ASCII case, as Redis does. It lowers
// the name into an array on the stack and indexes the map with a
// conversion that the compiler does without copying, so looking up a
// command costs no allocation.
func find(t map[string]*command, name []byte) *command {
	var buf [longestName]byte
	if len(name) > len(buf) {
		return nil
	}
	lowered := buf[:len(name)]
	for i, c := range name {
		lowered[i] = lower(c)
	}
	return t[string(lowered)]
}

// word returns an option in lower case, to compare it with option names.
// Redis compares ASCII only; strings.ToLower would also turn the Kelvin
// sign into a 'k' and accept "\u212AEEPTTL" for KEEPTTL.
func word(arg []byte) string {
	b := make([]byte, len(arg))
	for i, c := range arg {
		b[i] = lower(c)
	}
	return string(b)
}
