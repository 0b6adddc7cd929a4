// Command fileserver runs your file server, in one of two modes:
//
//	go run ./stage02-framing/cmd/fileserver -file go.work     # every client gets go.work
//	go run ./stage02-framing/cmd/fileserver -root .           # each client names a file
//
// then, in another terminal, nc 127.0.0.1 8080 (and, with -root, type a
// name such as README.md).
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	framing "tcpworkbook/stage02-framing"
)

var (
	file = flag.String("file", "", "send this file to every client, then close the connection")
	root = flag.String("root", "", "send files from below this directory: each client sends a name on one line")
)

// serve is set by prepare, once the flags say which server to run.
var serve func(ln net.Listener, log *slog.Logger) error

// prepare opens the file or the root before the listener opens, so that a
// bad path is an error at start-up, not at the first client.
func prepare() error {
	switch {
	case (*file == "") == (*root == ""):
		return errors.New("give exactly one of -file PATH and -root DIR")
	case *file != "":
		s, err := framing.NewFileServer(*file)
		if err != nil {
			return err
		}
		serve = func(ln net.Listener, log *slog.Logger) error {
			s.Log = log
			return s.Serve(ln)
		}
	default:
		s, err := framing.NewRootServer(*root)
		if err != nil {
			return err
		}
		serve = func(ln net.Listener, log *slog.Logger) error {
			defer s.Close()
			s.Log = log
			return s.Serve(ln)
		}
	}
	return nil
}

func main() {
	run.Main(run.Program{
		Name:    "fileserver",
		Prepare: prepare,
		Serve: func(_ context.Context, ln net.Listener, log *slog.Logger) error {
			return serve(ln, log)
		},
	})
}
