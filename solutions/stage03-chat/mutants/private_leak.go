package mutants

// PrivateLeak looks up the recipient of a /msg, then relays the message to
// the whole room instead of to that client alone.
var PrivateLeak = serveWith(func(r *room) {
	r.private = func(r *room, from, to *client, text string) {
		r.relay(r, from, "["+from.name+" (private)]: "+text+"\n") // BUG: everyone, not just to
	}
})
