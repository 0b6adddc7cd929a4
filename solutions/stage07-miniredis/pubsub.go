package miniredis

import "sync"

// A kind is what a client can subscribe to: channels by name (SUBSCRIBE),
// or every channel whose name matches a glob pattern (PSUBSCRIBE).
type kind int

const (
	channelKind kind = iota
	patternKind
	kinds = 2
)

// The words of the replies that confirm a subscription, by kind.
var (
	subscribeWord   = [kinds]string{"subscribe", "psubscribe"}
	unsubscribeWord = [kinds]string{"unsubscribe", "punsubscribe"}
)

// hub is the pub/sub registry: which outboxes hear which channels and
// patterns. Publishing pushes into outboxes under the hub's lock, which is
// quick and never blocks, since an outbox push is only an append; no
// connection is ever written to under it.
//
// The lock is a plain mutex, not a read-write one, although PUBLISH only
// reads the registry: one publish at a time means every subscriber sees
// the messages of a channel in the same order, as with Redis.
type hub struct {
	mu   sync.Mutex
	subs [kinds]registry
}

// registry maps a channel or pattern to the outboxes of its subscribers.
type registry map[string]map[*outbox]struct{}

func newHub() *hub {
	return &hub{subs: [kinds]registry{{}, {}}}
}

// add runs confirm, then subscribes o to a channel or pattern, both
// under the hub's lock. confirm puts the subscription's confirmation in
// o: ahead of every message, and, since a publisher waits for the lock, a
// client that has read it and then publishes is counted as subscribed.
// (Confirmed after the lock, a confirmation could reach the client, and
// its PUBLISH the hub, before o was added.)
func (h *hub) add(k kind, name string, o *outbox, confirm func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	confirm()
	subs := h.subs[k][name]
	if subs == nil {
		subs = make(map[*outbox]struct{})
		h.subs[k][name] = subs
	}
	subs[o] = struct{}{}
}

// remove unsubscribes o from a channel or pattern.
func (h *hub) remove(k kind, name string, o *outbox) {
	h.mu.Lock()
	defer h.mu.Unlock()
	subs := h.subs[k][name]
	delete(subs, o)
	if len(subs) == 0 {
		delete(h.subs[k], name) // a channel nobody hears costs nothing
	}
}

// publish sends payload to every subscriber of channel and of a pattern
// matching it, and returns how many deliveries it made: PUBLISH's reply.
// A client subscribed to the channel and to a matching pattern gets the
// message twice and counts twice, as in Redis.
func (h *hub) publish(channel, payload []byte) int {
	var (
		n    int
		slow []*outbox
	)
	deliver := func(subs map[*outbox]struct{}, msg []byte) {
		for o := range subs {
			received, overflowed := o.push(msg)
			if received {
				n++
			}
			if overflowed {
				slow = append(slow, o)
			}
		}
	}

	h.mu.Lock()
	if subs := h.subs[channelKind][string(channel)]; len(subs) > 0 {
		// Encoded once: every subscriber's outbox holds the same bytes.
		deliver(subs, appendMessage(nil, channel, payload))
	}
	if len(h.subs[patternKind]) > 0 {
		name := string(channel)
		for pattern, subs := range h.subs[patternKind] {
			if globMatch(pattern, name, false) {
				deliver(subs, appendPMessage(nil, pattern, channel, payload))
			}
		}
	}
	h.mu.Unlock()

	for _, o := range slow {
		o.disconnect()
	}
	return n
}
