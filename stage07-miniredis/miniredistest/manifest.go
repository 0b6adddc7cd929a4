package miniredistest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/run"
)

// Manifest is stage 07 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name: "Miniredis",
		File: "stage07-miniredis/server.go",
		Todos: map[int]string{
			1: "speak RESP: read commands (arrays and inline), answer PING, ECHO, QUIT and Redis's errors, every client at once",
			2: "one keyspace shared by every client: SET (NX, XX), GET, DEL, EXISTS",
			3: "counters: INCR, INCRBY, DECR, atomic under any number of clients",
			4: "expiry: SET EX/PX, EXPIRE, PEXPIRE, TTL, PTTL; expired keys gone at once and their memory reclaimed",
			5: "pub/sub: SUBSCRIBE, UNSUBSCRIBE, PUBLISH and subscribed mode; a slow subscriber holds up nobody",
			6: "limits: -max-bulk, -max-clients, -timeout, -pubsub-limit, and headers that promise more than they send",
			7: "graceful shutdown: stop accepting, answer what was read, close every connection, return nil",
		},
		ServeTodo: 1,
	},
	Number: 7,
	Dir:    "stage07-miniredis",
	Test:   "TestMiniredis",
	Commands: []check.Command{{
		Name:  "miniredis",
		Flags: []run.Flag{MaxBulkFlag, MaxClientsFlag, TimeoutFlag, PubSubLimitFlag},
		Join:  "redis-cli -h HOST -p PORT",
	}},
	// Each mutant in solutions/stage07-miniredis/mutants makes one
	// realistic design mistake, with the check that must catch it and the
	// TODO its report names.
	Mutants: []check.Mutant{},
	// The checks of what the workbook asks beyond Redis, skipped when the
	// suite runs against real Redis (WORKBOOK_ORACLE=redis).
	Extensions: []check.Extension{},
	Reference: "One goroutine reads each client and runs its commands in order, writing replies into a buffer flushed when no more input is waiting; " +
		"subscribers get their messages through a bounded outbox with a writer of its own, so PUBLISH never blocks; " +
		"a sweep removes expired keys that nobody reads, sampling as Redis does.",
}
