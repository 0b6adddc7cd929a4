package mutants

// LagEndsClient stops writing to a client the first time it falls behind,
// as the lecture's code does: its receive loop, while let Ok(..) =
// rx.recv(), ends on the broadcast channel's Lagged error. The client stays
// connected and never hears anything again.
var LagEndsClient = serveWith(func(r *room) {
	r.newOutbox = func(limit int) outbox { return &lagEnds{newBounded(limit)} }
})

type lagEnds struct{ outbox }

func (o *lagEnds) take() ([]string, int, bool) {
	lines, missed, ok := o.outbox.take()
	if missed > 0 {
		return nil, 0, false // BUG: lagging is treated as the end of the stream
	}
	return lines, missed, ok
}
