package echotest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/echocheck"
)

// Manifest is stage 01 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name: "Echo",
		File: "stage01-echo/echo.go",
		Todos: map[int]string{
			1: "the accept loop in Serve (accept, then hand each connection to its own goroutine)",
			2: "the read/write loop in echo (write back buf[:n] until EOF)",
			3: "Listen (try each address in order)",
		},
		ServeTodo: 1,
		Symptoms:  append(echocheck.Symptoms, echocheck.SymptomClosedUnder),
	},
	Number: 1,
	// Each TODO asks in at most five plain lines; TODO(1) alone lists steps.
	Guidance: check.Guidance{MaxLines: 5, Plain: true, Worked: 1},
	Dir:      "stage01-echo",
	Test:     "TestEcho",
	Commands: []check.Command{
		{Name: "echo", Server: ""}, // -addr only: a comma-separated list is tried in order
	},
	Mutants: mutants,
	Reference: "Listen wraps errors.Join of every failed address in one sentence, " +
		"and the echo loop is exactly what io.Copy(rw, rw) does in one line.",
}

// mutants are the known-wrong servers in solutions/stage01-echo/mutants,
// each a realistic mistake, with the check that must catch it and the
// TODO its report must send the student to.
var mutants = []check.Mutant{
	{Name: "whole-buffer", Check: "binary", Todo: 2},
	{Name: "first-read-only", Check: "binary", Todo: 2},
	{Name: "line-scanner", Check: "binary", Todo: 2},
	{Name: "read-all-first", Check: "short", Todo: 2},
	{Name: "adds-newline", Check: "short", Todo: 2, Says: "a newline of its own"},
	{Name: "one-at-a-time", Check: "concurrent", Todo: 1},
	{Name: "ignore-eof", Check: "half-close", Todo: 2},
	{Name: "no-close", Check: "half-close", Todo: 2},
	{Name: "exit-on-reset", Check: "reset", Todo: 2, Says: "one client's error ended the whole server", Crashes: true},
	{Name: "panic-on-reset", Check: "reset", Todo: 2, Says: "one client's error ended the whole server", Crashes: true},
	{Name: "leak", Check: "goroutines", Todo: 2},
	// Without -race it shows as cross-talk now and then (a client
	// receives another's bytes, and the report says so, at TODO(2));
	// the race detector sees it every time.
	{Name: "shared-buffer", Check: "concurrent", Todo: 2, Race: true},
	{Name: "closed-is-error", Check: "serve-returns", Todo: 1, Says: "net.ErrClosed"},
	{Name: "accept-spins", Check: "short", Todo: 1, Says: "not waiting but running"},
	{Name: "first-address-only", Check: "listen-fallback", Todo: 3},
	{Name: "last-error-only", Check: "listen-fallback", Todo: 3, Says: "does not name both"},
	{Name: "tcp4-only", Check: "ipv6", Todo: 3, Says: "listen tcp4"},
	// TODO(1) done and TODO(2) not: every check that echoes must send
	// the student to echo, not to its own TODO.
	{Name: "no-echo", Check: "short", Todo: 2},
	{Name: "no-echo", Check: "concurrent", Todo: 2, Says: "bytes stop in the code that echoes"},
	{Name: "no-echo", Check: "serve-returns", Todo: 2, Says: "bytes stop in the code that echoes"},
	{Name: "no-echo", Check: "ipv6", Todo: 2, Says: "bytes stop in the code that echoes"},
}
