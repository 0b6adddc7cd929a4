package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// RejectOnlyNamed applies the limit only when the policy is spelled
// "reject". The zero Policy, which the README and a command run without
// -policy give, then has no limit at all.
func RejectOnlyNamed(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	admit := s.admit
	s.admit = func(conn net.Conn) bool {
		if cfg.Policy != "reject" { // BUG: "" is the reject policy too
			return true
		}
		return admit(conn)
	}
	return s.serve(ctx, ln)
}
