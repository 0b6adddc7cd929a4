// Command tcpvet is the workbook's pitfall review as a go vet tool, so
// that go vet, and editors that run it, show the same findings as
// go run ./workbook -review:
//
//	go install ./review/cmd/tcpvet
//	go vet -vettool=$(go env GOPATH)/bin/tcpvet ./stage03-chat/...
//
// Each analyzer keeps to the stages it applies to, judged by the package's
// import path, so one command serves every stage. A flag per analyzer,
// such as -lock_held_across_io=false, turns one off.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"tcpworkbook/review/pitfalls"
)

func main() { unitchecker.Main(pitfalls.All()...) }
