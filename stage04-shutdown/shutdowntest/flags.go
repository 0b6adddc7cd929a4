package shutdowntest

import "tcpworkbook/kit/linecheck"

// The flags of cmd/shutdown: the starter's, the reference's and the
// mutants' commands declare them from here, the manifest lists them, and
// Config.Command passes them. They are the line server's, the same in
// stages 04 and 05, written once in the kit.
var (
	MaxLineFlag = linecheck.MaxLineFlag
	IdleFlag    = linecheck.IdleFlag
	DrainFlag   = linecheck.DrainFlag
)
