package check

import (
	"context"
	"net"

	"tcpworkbook/kit/run"
)

// Serve is the one shape of the code under test in every stage: run a
// server configured by cfg on ln until ctx is cancelled or ln is closed.
// Each stage names its own Config; a suite's Impl holds a Serve of it.
type Serve[C any] func(ctx context.Context, ln net.Listener, cfg C) error

// Bind fixes cfg, giving the ServeFunc that Start and StartOn take.
func (s Serve[C]) Bind(cfg C) ServeFunc {
	return func(ctx context.Context, ln net.Listener) error { return s(ctx, ln, cfg) }
}

// Manifest is what the workbook knows about one stage, in one place. The
// suite uses it for its failure reports; the progress command, the
// maintainers' consistency checks and CI read it for everything else.
// Every stage's suite package exports one, called Manifest.
type Manifest struct {
	Stage

	Number int    // 1
	Dir    string // the stage's folder: "stage01-echo"
	Test   string // the top-level test: "TestEcho"

	// Commands are the stage's server programs, each in Dir/cmd/<Name> and
	// in solutions/<Dir>/cmd/<Name>.
	Commands []Command
	// Mutants are the known-wrong servers in solutions/<Dir>/mutants, each
	// with the check that must catch it.
	Mutants []Mutant
	// Carried lists files this stage's starter carries unchanged from an
	// earlier stage, so that CI can say which one drifted.
	Carried []Carried
	// Extensions are the checks of what the stage asks beyond the spec it
	// follows (for stage 07, beyond Redis): they are skipped when the
	// suite runs against the spec's own implementation (OracleEnv), and
	// the README lists them.
	Extensions []Extension
	// Guidance is how much the starter's TODO comments may say: the
	// guidance fades from stage to stage (CONTRIBUTING.md, "How the
	// guidance fades"), and stagecheck holds each starter to it.
	Guidance Guidance
	// Reference is one line on what the reference solution does that is
	// worth comparing with your own. It is shown once the stage passes.
	Reference string
}

// Suite is the Stage that the suite's Run passes to check.Run: the
// manifest's Stage, with what a failure's "Try it by hand" needs to say
// how to start the stage's commands.
func (m Manifest) Suite() Stage {
	st := m.Stage
	st.hand = &byHand{dir: m.Dir, commands: m.Commands}
	return st
}

// Command is one server program of a stage.
type Command struct {
	Name string // the folder under cmd/ and the binary's name: "echo"
	// Server is the name a Config gives it (Config.Command): "" for the
	// stage's main server, which WORKBOOK_CMD replaces, or for example
	// "counter", which WORKBOOK_CMD_COUNTER replaces.
	Server string
	// Flags are the facts of the stage flags the suite passes after
	// -addr, which the commands declare from the same values. stagecheck
	// proves they are exactly the command's own (its -h), with the same
	// defaults, and that the README's Flags table agrees.
	Flags []run.Flag
	// Join is how a person connects to the server by hand, with HOST and
	// PORT in place of the address: "redis-cli -h HOST -p PORT". Empty
	// means nc and telnet, which any line-based server takes.
	Join string
}

// Env is the environment variable that replaces this command in a suite.
func (c Command) Env() string { return CommandEnvFor(c.Server) }

// Carried is a file a later starter carries unchanged from an earlier one.
// Both paths are relative to the workspace root.
type Carried struct {
	From, To string
}

// Guidance bounds a starter's TODO comments. Each block, from the line
// that names TODO(n) to the end of its comment, states a goal and its
// constraints; the recipe is in the hints. A zero Guidance bounds nothing.
type Guidance struct {
	// MaxLines is the most comment lines a TODO block may have.
	MaxLines int
	// Plain forbids code in a block: no ":=", no call with its arguments
	// spelled out ("os.OpenFile(path, 0, 0)"), no step list ("- ", "1.").
	Plain bool
	// Worked is a TODO exempt from both, stage 01's first: a first-time
	// Go network programmer gets one worked step list. 0 for none.
	Worked int
}
