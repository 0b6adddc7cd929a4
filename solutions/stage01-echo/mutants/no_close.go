package mutants

import (
	"io"
	"net"
	"sync"
)

// open is every connection NoClose has accepted: kept for a count of
// clients, as a server might, and never pruned.
var open sync.Map

// NoClose echoes until EOF and returns without closing the connection.
// The client that half-closed waits for an EOF that never comes, and
// each connection holds a descriptor until the process ends.
func NoClose(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		open.Store(conn, true)
		io.Copy(conn, conn) // BUG: no conn.Close() when the copy ends
	})
}
