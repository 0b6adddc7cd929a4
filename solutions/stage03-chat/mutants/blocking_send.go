package mutants

// BlockingSend gives each client a buffered channel as its outbox and
// sends into it with a plain channel send. While a client keeps reading,
// that works; once one stops and its buffer fills, the send waits, and the
// broadcast, holding the room's lock, waits with it: everyone stalls.
var BlockingSend = serveWith(func(r *room) {
	r.newOutbox = func(limit int) outbox { return &channelOutbox{ch: make(chan string, limit)} }
})

type channelOutbox struct{ ch chan string }

func (o *channelOutbox) greet(line string) { o.ch <- line }

func (o *channelOutbox) push(line string) {
	o.ch <- line // BUG: blocks while this client's buffer is full
}

func (o *channelOutbox) take() ([]string, int, bool) {
	line, ok := <-o.ch
	return []string{line}, 0, ok
}

func (o *channelOutbox) close() { close(o.ch) }
