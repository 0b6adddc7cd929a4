package miniredis

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// This file holds the commands about the connection and the server rather
// than the data: enough of them for redis-cli, redis-benchmark and the
// usual client libraries to connect and work.

func cmdPing(c *client, args [][]byte) error {
	if len(args) > 2 {
		return errArity("ping")
	}
	if c.subscriptions() > 0 {
		// In subscribed mode a reply must look like a message, so Redis
		// sends ["pong", message].
		c.w.array(2)
		c.w.bulkString("pong")
		if len(args) == 2 {
			c.w.bulk(args[1])
		} else {
			c.w.bulkString("")
		}
		return nil
	}
	if len(args) == 2 {
		c.w.bulk(args[1])
	} else {
		c.w.simple("PONG")
	}
	return nil
}

func cmdEcho(c *client, args [][]byte) error {
	c.w.bulk(args[1])
	return nil
}

// cmdQuit says OK and has the connection closed once the reply is out.
func cmdQuit(c *client, _ [][]byte) error {
	c.quit = true
	c.w.simple("OK")
	return nil
}

// cmdReset returns the connection to its first state: no subscriptions,
// no name.
func cmdReset(c *client, _ [][]byte) error {
	c.leaveAll()
	c.name = ""
	c.w.simple("RESET")
	return nil
}

// cmdSelect accepts database 0 only: this server has one database. Redis
// has 16 by default, and with "databases 1" it answers as this does.
func cmdSelect(c *client, args [][]byte) error {
	n, ok := parseInt(args[1])
	switch {
	case !ok:
		return errNotInteger
	case n < math.MinInt32 || n > math.MaxInt32:
		return errIntRange
	case n != 0:
		return errDBIndex
	}
	c.w.simple("OK")
	return nil
}

func cmdClientSetName(c *client, args [][]byte) error {
	name := args[2]
	// Names are shown in CLIENT LIST, whose fields are split at spaces,
	// so Redis takes only printable ASCII other than space.
	for _, b := range name {
		if b < '!' || b > '~' {
			return errClientName
		}
	}
	c.name = string(name)
	c.w.simple("OK")
	return nil
}

func cmdClientGetName(c *client, _ [][]byte) error {
	if c.name == "" {
		c.w.null()
	} else {
		c.w.bulkString(c.name)
	}
	return nil
}

func cmdClientID(c *client, _ [][]byte) error {
	c.w.integer(c.id)
	return nil
}

// cmdCommand would describe every command. An empty list is enough for
// redis-cli and the client libraries, which do without the descriptions.
func cmdCommand(c *client, _ [][]byte) error {
	c.w.array(0)
	return nil
}

func cmdCommandCount(c *client, _ [][]byte) error {
	c.w.integer(int64(len(commands)))
	return nil
}

// cmdCommandDocs is what redis-cli asks at start-up, for its hints.
func cmdCommandDocs(c *client, _ [][]byte) error {
	c.w.array(0)
	return nil
}

// A setting is a configuration parameter that CONFIG GET reports.
type setting struct{ name, value string }

// settings returns the parameters a client may read. redis-benchmark asks
// for "save" and "appendonly" to warn about persistence: this server keeps
// nothing on disk.
func (in *instance) settings() []setting {
	return []setting{
		{"appendonly", "no"},
		{"databases", "1"},
		{"maxclients", strconv.Itoa(in.maxClients)},
		{"proto-max-bulk-len", strconv.Itoa(in.maxBulk)},
		{"save", ""},
		{"timeout", strconv.Itoa(int(in.idleTimeout / time.Second))},
	}
}

// cmdConfigGet is CONFIG GET parameter [parameter ...], where a parameter
// may be a glob pattern. It replies with a flat list of names and values.
func cmdConfigGet(c *client, args [][]byte) error {
	all := c.srv.settings()
	var found []setting
	add := func(s setting) {
		for _, f := range found {
			if strings.EqualFold(f.name, s.name) {
				return
			}
		}
		found = append(found, s)
	}
	for _, arg := range args[2:] {
		pattern := string(arg)
		for _, s := range all {
			switch {
			case strings.ContainsAny(pattern, "*?["):
				if globMatch(pattern, s.name, true) {
					add(s)
				}
			case strings.EqualFold(pattern, s.name):
				// A plain name is answered as the client spelled it,
				// as Redis does.
				add(setting{pattern, s.value})
			}
		}
	}
	c.w.array(2 * len(found))
	for _, s := range found {
		c.w.bulkString(s.name)
		c.w.bulkString(s.value)
	}
	return nil
}
