package mutants

import (
	"errors"
	"fmt"
	"net"
)

// TCP4Only listens with the network "tcp4", as many older examples do. It
// falls back correctly, but it can never bind an IPv6 address such as
// [::1]: "tcp" is the network that means IPv4 or IPv6, whichever the
// address is.
func TCP4Only(addrs ...string) (net.Listener, error) {
	if len(addrs) == 0 {
		return nil, errors.New("listen: no address given")
	}
	var errs []error
	for _, addr := range addrs {
		ln, err := net.Listen("tcp4", addr) // BUG: "tcp4" refuses IPv6 addresses
		if err == nil {
			return ln, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("listen: no address could be bound: %w", errors.Join(errs...))
}
