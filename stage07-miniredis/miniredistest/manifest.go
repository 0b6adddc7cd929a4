package miniredistest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/run"
)

// Manifest is stage 07 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name:   "Miniredis",
		File:   "stage07-miniredis/server.go",
		Render: render, // traffic shown as RESP: "alice → SET k v"
		Todos: map[int]string{
			1: "speak RESP: read commands (arrays and inline), answer PING, ECHO, QUIT and Redis's errors, every client at once",
			2: "one keyspace shared by every client: SET (NX, XX), GET, DEL, EXISTS",
			3: "counters: INCR, INCRBY, DECR, exact under any number of clients",
			4: "expiry: SET EX/PX, EXPIRE, PEXPIRE, TTL, PTTL; expired keys gone at once and their memory reclaimed",
			5: "pub/sub: SUBSCRIBE, UNSUBSCRIBE, PUBLISH and subscribed mode; a slow subscriber holds up nobody",
			6: "limits: -max-bulk, -max-clients, -timeout, -pubsub-limit, and headers that promise more than they send",
			7: "graceful shutdown: stop accepting, answer what was read, close every connection, return nil",
		},
		ServeTodo: 1,
		Symptoms:  []string{symptomPipelineCut, symptomReadIsCommand, symptomPublishBlocked},
	},
	Number: 7,
	// The capstone is a blank page with goals: each TODO says what, in
	// at most four lines, never how.
	Guidance: check.Guidance{MaxLines: 4, Plain: true},
	Dir:      "stage07-miniredis",
	Test:     "TestMiniredis",
	Commands: []check.Command{{
		Name:  "miniredis",
		Flags: []run.Flag{MaxBulkFlag, MaxClientsFlag, TimeoutFlag, PubSubLimitFlag},
		Join:  "redis-cli -h HOST -p PORT",
	}},
	// Each mutant in solutions/stage07-miniredis/mutants makes one
	// realistic design mistake, with the check that must catch it and the
	// TODO its report names.
	Mutants: []check.Mutant{
		{Name: "read-is-command", Check: "echo", Todo: 1},
		{Name: "first-command-only", Check: "pipeline", Todo: 1},
		{Name: "bufio-per-command", Check: "pipeline", Todo: 1},
		{Name: "no-inline", Check: "inline", Todo: 1},
		{Name: "lenient-lengths", Check: "protocol-errors", Todo: 1, Says: "invalid"},
		{Name: "unknown-command-text", Check: "unknown-command", Todo: 1},
		{Name: "arity-at-least", Check: "wrong-arity", Todo: 1},
		{Name: "protocol-error-stays-open", Check: "protocol-errors", Todo: 1},
		{Name: "one-client-at-a-time", Check: "two-clients", Todo: 1},
		{Name: "no-lock", Check: "many-clients", Todo: 2, Race: true},
		{Name: "missing-is-empty", Check: "set-get", Todo: 2},
		{Name: "exists-counts-once", Check: "del-exists", Todo: 2},
		{Name: "incr-get-then-set", Check: "incr-concurrent", Todo: 3},
		{Name: "incr-wraps", Check: "incr-errors", Todo: 3},
		{Name: "incr-lenient", Check: "incr-errors", Todo: 3},
		{Name: "expire-lenient", Check: "expire-errors", Todo: 4},
		{Name: "set-keeps-ttl", Check: "set-clears-ttl", Todo: 4},
		{Name: "incr-drops-ttl", Check: "set-clears-ttl", Todo: 4},
		{Name: "ttl-missing-is-forever", Check: "ttl", Todo: 4},
		{Name: "expire-on-read-only", Check: "reclaimed", Todo: 4},
		{Name: "publish-blocks", Check: "slow-subscriber", Todo: 5},
		{Name: "subscribed-mode-open", Check: "subscribed-mode", Todo: 5},
		{Name: "leaver-stays", Check: "subscriber-leaves", Todo: 5},
		{Name: "no-pubsub-limit", Check: "slow-subscriber", Todo: 6},
		{Name: "no-max-bulk", Check: "max-bulk", Todo: 6},
		{Name: "slot-kept", Check: "max-clients", Todo: 6},
		{Name: "no-idle-timeout", Check: "timeout", Todo: 6},
		{Name: "array-count-cap", Check: "huge-claims", Todo: 6},
		{Name: "exists-ignores-expiry", Check: "expires", Todo: 4},
		{Name: "ttl-ignores-expiry", Check: "expires", Todo: 4},
		{Name: "ttl-rounds-down", Check: "ttl", Todo: 4, Says: "nearest second"},
		{Name: "timeout-on-subscribers", Check: "timeout", Todo: 6},
		{Name: "shutdown-returns-ctx-err", Check: "shutdown", Todo: 7},
		{Name: "shutdown-no-wake", Check: "shutdown", Todo: 7},
		{Name: "shutdown-waits-for-subscriber", Check: "shutdown-subscribers", Todo: 7},
		{Name: "unsubscribe-none-silent", Check: "unsubscribe", Todo: 5},
	},
	// The checks of what the workbook asks beyond Redis, skipped when the
	// suite runs against real Redis (WORKBOOK_ORACLE=redis).
	Extensions: []check.Extension{},
	Reference: "One goroutine reads each client and runs its commands in order, writing replies into a buffer flushed when no more input is waiting; " +
		"subscribers get their messages through a bounded outbox with a writer of its own, so PUBLISH never blocks; " +
		"expired keys vanish when touched, and a sweep with a heap of deadlines reclaims the ones nobody touches.",
}
