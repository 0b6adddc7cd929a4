// Package stages lists every stage's manifest, in order. It is the one
// place the progress command, the maintainers' consistency checks and CI
// learn which stages exist; each manifest lives in its stage's suite
// package. go run ./workbook/cmd/newstage adds a line here (see
// CONTRIBUTING.md).
package stages

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/stage01-echo/echotest"
	"tcpworkbook/stage02-framing/framingtest"
	"tcpworkbook/stage03-chat/chattest"
	"tcpworkbook/stage04-shutdown/shutdowntest"
	"tcpworkbook/stage05-limits/limitstest"
	"tcpworkbook/stage06-perf/perftest"
	"tcpworkbook/stage07-miniredis/miniredistest"
	// newstage: imports above this line
)

// All is every stage's manifest, in stage order.
var All = []*check.Manifest{
	&echotest.Manifest,
	&framingtest.Manifest,
	&chattest.Manifest,
	&shutdowntest.Manifest,
	&limitstest.Manifest,
	&perftest.Manifest,
	&miniredistest.Manifest,
	// newstage: stages above this line
}
