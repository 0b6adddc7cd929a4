package main

import (
	"io"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/gotest"
)

// firstTodo reads go test -json from r and returns the TODO that its
// first failure report points at (the first todo attribute), or "" if no
// report named one. scripts/check.sh asks it of every starter.
func firstTodo(r io.Reader) string {
	todo := ""
	gotest.Decode(r, func(ev gotest.Event) {
		if todo == "" && ev.Action == "attr" && ev.Key == check.AttrTodo {
			todo = ev.Value
		}
	}, nil)
	return todo
}
