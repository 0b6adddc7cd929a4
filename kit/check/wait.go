package check

import "time"

// Quiet is how long a client listens for bytes that must not come. It
// only ever makes a wrong server fail: a right one sends nothing however
// long the client listens, so a slow machine cannot fail it.
const Quiet = 200 * time.Millisecond

// Eventually reports whether cond became true within d, looking every few
// milliseconds. It gives up early, with cond's last answer, when the
// case's watchdog fires. Use it for state a server reaches a moment after
// the traffic that causes it: a slot freed, a buffer back in its pool.
func (c *T) Eventually(d time.Duration, cond func() bool) bool {
	end := time.Now().Add(d)
	for pause := time.Millisecond; ; pause = min(2*pause, 20*time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		select {
		case <-c.expired:
			return cond()
		case <-time.After(pause):
		}
	}
}
