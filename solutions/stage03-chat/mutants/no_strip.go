package mutants

// NoStrip relays lines exactly as received, so any client can send escape
// sequences that clear the screen or recolour everyone else's terminal.
var NoStrip = serveWith(func(r *room) {
	r.clean = func(s string) string {
		return s // BUG: control characters are passed on
	}
})
