package mutants

import "math"

// NoPubSubLimit: "each subscriber has an outbox and a writer, so PUBLISH
// never waits." Right, but the outbox of a subscriber that stops reading
// grows without end: -pubsub-limit is never applied, and the subscriber is
// never disconnected. Caught by "slow-subscriber", at TODO(6).
var NoPubSubLimit = serveWith(func(s *server) {
	s.pubSubLimit = math.MaxInt // BUG: -pubsub-limit ignored
})
