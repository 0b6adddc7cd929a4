package main

import (
	"bufio"
	"io"

	"tcpworkbook/kit/check"
)

// firstTodo reads go test -json from r and returns the TODO that its
// first failure report points at (the first todo attribute), or "" if no
// report named one. scripts/check.sh asks it of every starter.
func firstTodo(r io.Reader) string {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var ev struct{ Action, Key, Value string }
		if jsonEvent(sc.Bytes(), &ev) && ev.Action == "attr" && ev.Key == check.AttrTodo {
			return ev.Value
		}
	}
	return ""
}
