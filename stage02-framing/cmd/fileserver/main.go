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
	"log/slog"
	"net"

	"tcpworkbook/kit/run"
	framing "tcpworkbook/stage02-framing"
	"tcpworkbook/stage02-framing/framingtest"
)

// file and root are -file and -root; exactly one is given.
var file, root string

func init() {
	framingtest.FileFlag.Declare(&file)
	framingtest.RootFlag.Declare(&root)
}

// serve is set by prepare, once the flags say which server to run.
var serve func(ln net.Listener, log *slog.Logger) error

// prepare opens the file or the root before the listener opens, so that a
// bad path is an error at start-up, not at the first client.
func prepare() error {
	switch {
	case (file == "") == (root == ""):
		return errors.New("give exactly one of -file PATH and -root DIR")
	case file != "":
		s, err := framing.NewFileServer(file)
		if err != nil {
			return err
		}
		serve = func(ln net.Listener, log *slog.Logger) error {
			s.Log = log
			return s.Serve(ln)
		}
	default:
		s, err := framing.NewRootServer(root)
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
