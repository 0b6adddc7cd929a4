package echotest

// What a failing check says, beyond what the kit's report shows on its
// own. Each is a format for Failf; the arguments are in the order used.

// listen-fallback and ipv6
const (
	msgNoFallback = "Listen(%q, %q) returned the error %q. " +
		"The first address is in use, so Listen should have moved on to the second."
	msgListenTaken  = "Listen(%q, %q) returned a listener on %s, which another listener already holds."
	msgTakenNoError = "Listen(%q) returned no error, but that address is in use and there is nothing else to try."
	msgOneReason    = "Listen(%q, %q) failed, as it must (both addresses are in use), but its error does not name both: %q. " +
		"When no address can be bound, the error must give every address's reason, not only the last one: " +
		"collect them and join them (errors.Join)."
	msgNoAddrNoError = "Listen() with no addresses returned no error. " +
		"With nothing to try, it should say so (errors.Join of no errors is nil: check for that case)."
	msgNoIPv6 = "Listen(%q) returned the error %q, but this machine can listen there. " +
		"Pass the address through unchanged, with the network \"tcp\", " +
		"which takes IPv4 and IPv6 addresses alike (\"tcp4\" refuses IPv6 ones)."
)

// msgListenerClosed: the address, the dial's error.
const msgListenerClosed = "the listener Listen returned, on %s, is already closed: a dial to it failed (%v). A " +
	"defer ln.Close() inside Listen runs when Listen returns, and closes the listener it hands back; close " +
	"only the listeners you give up on."
