package mutants

import (
	"errors"
	"net"
)

// LastErrorOnly is a Listen that falls back as it should, but when every
// address fails it returns only the last one's error: the reasons the
// others failed, often the ones that matter, are lost.
func LastErrorOnly(addrs ...string) (net.Listener, error) {
	var last error
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err == nil {
			return ln, nil
		}
		last = err // BUG: each failure overwrites the one before
	}
	if last == nil {
		last = errors.New("listen: no address given")
	}
	return nil, last
}
