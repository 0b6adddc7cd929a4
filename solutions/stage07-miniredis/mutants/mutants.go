// Package mutants holds known-wrong stage 07 servers, one realistic
// mistake each. The solutions' tests prove that the suite rejects each one
// with the check, and the TODO, that miniredistest.Manifest.Mutants names.
//
// Each mutant is the compact, correct server of base.go (with resp.go,
// commands.go, store.go and pubsub.go) with one part swapped for a faulty
// one, found in a file of its own. base_test.go proves that the base, with
// no part swapped, passes the whole suite, so that each mutant fails for
// its own mistake only.
package mutants

import (
	"context"
	"net"

	"tcpworkbook/kit/check"
	"tcpworkbook/stage07-miniredis/miniredistest"
)

// Serve is how the suite runs a server.
type Serve = check.Serve[miniredistest.Config]

// All maps each mutant's name, as miniredistest.Manifest.Mutants and the
// miniredis-mutant command know it, to the suite's Impl with that one
// mistake.
var All = map[string]miniredistest.Impl{
	// TODO(1): RESP, PING, ECHO, QUIT, errors, every client at once.
	"read-is-command":           {Serve: ReadIsCommand},
	"first-command-only":        {Serve: FirstCommandOnly},
	"bufio-per-command":         {Serve: BufioPerCommand},
	"no-inline":                 {Serve: NoInline},
	"lenient-lengths":           {Serve: LenientLengths},
	"unknown-command-text":      {Serve: UnknownCommandText},
	"arity-at-least":            {Serve: ArityAtLeast},
	"protocol-error-stays-open": {Serve: ProtocolErrorStaysOpen},
	"one-client-at-a-time":      {Serve: OneClientAtATime},
	// TODO(2): the keyspace.
	"no-lock":            {Serve: NoLock},
	"missing-is-empty":   {Serve: MissingIsEmpty},
	"exists-counts-once": {Serve: ExistsCountsOnce},
	// TODO(3): counters.
	"incr-get-then-set": {Serve: IncrGetThenSet},
	"incr-wraps":        {Serve: IncrWraps},
	"incr-lenient":      {Serve: IncrLenient},
	"expire-lenient":    {Serve: ExpireLenient},
	// TODO(4): expiry.
	"set-keeps-ttl":          {Serve: SetKeepsTTL},
	"incr-drops-ttl":         {Serve: IncrDropsTTL},
	"ttl-missing-is-forever": {Serve: TTLMissingIsForever},
	"expire-on-read-only":    {Serve: ExpireOnReadOnly},
	"exists-ignores-expiry":  {Serve: ExistsIgnoresExpiry},
	"ttl-ignores-expiry":     {Serve: TTLIgnoresExpiry},
	"ttl-rounds-down":        {Serve: TTLRoundsDown},
	// TODO(5): pub/sub.
	"publish-blocks":          {Serve: PublishBlocks},
	"subscribed-mode-open":    {Serve: SubscribedModeOpen},
	"leaver-stays":            {Serve: LeaverStays},
	"unsubscribe-none-silent": {Serve: UnsubscribeNoneSilent},
	// TODO(6): limits.
	"no-pubsub-limit":        {Serve: NoPubSubLimit},
	"no-max-bulk":            {Serve: NoMaxBulk},
	"slot-kept":              {Serve: SlotKept},
	"no-idle-timeout":        {Serve: NoIdleTimeout},
	"timeout-on-subscribers": {Serve: TimeoutOnSubscribers},
	"array-count-cap":        {Serve: ArrayCountCap},
	// TODO(7): shutdown.
	"shutdown-returns-ctx-err":      {Serve: ShutdownReturnsCtxErr},
	"shutdown-no-wake":              {Serve: ShutdownNoWake},
	"shutdown-waits-for-subscriber": {Serve: ShutdownWaitsForSubscriber},
}

// serveWith runs the base server with change applied to it first: the
// one part a mutant gets wrong.
func serveWith(change func(*server)) Serve {
	return func(ctx context.Context, ln net.Listener, cfg miniredistest.Config) error {
		s := newServer(cfg)
		change(s)
		return s.serve(ctx, ln)
	}
}
