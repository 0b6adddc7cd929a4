package miniredis

import (
	"maps"
	"slices"
)

// This file holds the pub/sub commands and the client's side of pub/sub:
// what it is subscribed to, and its outbox.

func cmdPublish(c *client, args [][]byte) error {
	c.w.integer(int64(c.srv.hub.publish(args[1], args[2])))
	return nil
}

func cmdSubscribe(c *client, args [][]byte) error {
	c.subscribe(channelKind, args[1:])
	return nil
}

func cmdUnsubscribe(c *client, args [][]byte) error {
	c.unsubscribe(channelKind, args[1:])
	return nil
}

func cmdPSubscribe(c *client, args [][]byte) error {
	c.subscribe(patternKind, args[1:])
	return nil
}

func cmdPUnsubscribe(c *client, args [][]byte) error {
	c.unsubscribe(patternKind, args[1:])
	return nil
}

// subscriptions returns how many channels and patterns c is subscribed
// to. While it is more than zero, c is in Redis's "subscribed mode".
func (c *client) subscriptions() int {
	return len(c.subs[channelKind]) + len(c.subs[patternKind])
}

// subscribe subscribes c to each of names and confirms each.
func (c *client) subscribe(k kind, names [][]byte) {
	c.startOutbox()
	for _, name := range names {
		key := string(name)
		_, already := c.subs[k][key]
		c.subs[k][key] = struct{}{}
		c.w.pubsubReply(subscribeWord[k], name, c.subscriptions())
		// Publishers push into the outbox as soon as c is registered,
		// so the confirmation must be in it first, and c registered
		// before any client can have read it (hub.add). (The only error
		// of flush is an overflow, which has closed the connection
		// already.)
		if already {
			c.flush()
		} else {
			c.srv.hub.add(k, key, c.out, func() { c.flush() })
		}
	}
}

// unsubscribe unsubscribes c from each of names, or from all it has of
// that kind if names is empty, and confirms each. Unlike SUBSCRIBE it needs
// no outbox: a client that never subscribed may ask, and is answered
// directly.
func (c *client) unsubscribe(k kind, names [][]byte) {
	if len(names) == 0 {
		names = c.subscribed(k)
		if len(names) == 0 {
			c.w.pubsubReply(unsubscribeWord[k], nil, c.subscriptions())
			return
		}
	}
	for _, name := range names {
		key := string(name)
		if _, ok := c.subs[k][key]; ok {
			delete(c.subs[k], key)
			c.srv.hub.remove(k, key, c.out)
		}
		// Confirmed after leaving the hub: every message pushed before
		// that is already in the outbox, ahead of this reply, and none
		// can follow it.
		c.w.pubsubReply(unsubscribeWord[k], name, c.subscriptions())
	}
}

// subscribed returns the channels or patterns c is subscribed to, sorted.
// (Redis answers an UNSUBSCRIBE of everything in the order of its hash
// table; sorted is as good and easier to test.)
func (c *client) subscribed(k kind) [][]byte {
	var names [][]byte
	for _, name := range slices.Sorted(maps.Keys(c.subs[k])) {
		names = append(names, []byte(name))
	}
	return names
}

// leaveAll unsubscribes c from everything, without replies, as RESET and
// a closing connection do.
func (c *client) leaveAll() {
	for k := range kind(kinds) {
		for name := range c.subs[k] {
			c.srv.hub.remove(k, name, c.out)
		}
		clear(c.subs[k])
	}
}

// startOutbox gives c an outbox, the first time it subscribes, and sends
// its replies through it from then on. Until a client subscribes, nobody
// but its own goroutine writes to it, and it needs neither.
func (c *client) startOutbox() {
	if c.out != nil {
		return
	}
	// The replies written so far go straight out, ahead of anything the
	// outbox will send. If the connection has failed, the outbox's first
	// write fails too, and that closes it.
	c.w.Flush()
	c.out = newOutbox(c.conn, c.srv.pubSubLimit, c.log)
	go c.out.run() // waited for in close
	c.w.Reset(c.out)
}
