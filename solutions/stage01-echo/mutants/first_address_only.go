package mutants

import "net"

// FirstAddressOnly is a Listen that tries only the first address, so a
// program cannot fall back when its preferred port is taken.
func FirstAddressOnly(addrs ...string) (net.Listener, error) {
	return net.Listen("tcp", addrs[0]) // BUG: the other addresses are ignored
}
