package check

import "os"

// commandEnv names an external server command to run the suites against
// instead of the Go code in the stage.
const commandEnv = "WORKBOOK_CMD"

func external() string { return os.Getenv(commandEnv) }

// Launch starts the server under test for this case and sets c.Addr.
//
// By default it runs serve in-process, like Start. flags are the
// command-line form of the same configuration (for example "-max-line",
// "100"): when WORKBOOK_CMD names a command, Launch runs that command with
// -addr and flags appended instead, so a server written in any language can
// be checked.
func (c *T) Launch(serve ServeFunc, flags ...string) *Server {
	c.Helper()
	// TODO(maintainers): external commands (issue 9).
	_ = flags
	return c.Start(serve)
}
