package framing_test

import (
	"context"
	"fmt"
	"net"
	"testing"

	framing "tcpworkbook/stage02-framing"
	"tcpworkbook/stage02-framing/framingtest"
)

// TestFraming runs the stage 02 checks against your servers. Run one
// group or one check alone with, for example,
//
//	go test ./stage02-framing/... -run 'Framing/Lines'
//	go test ./stage02-framing/... -run 'Framing/Lines/crlf'
func TestFraming(t *testing.T) {
	framingtest.Run(t, framingtest.Impl{Serve: serve})
}

// serve runs the one of your servers that a check asks for. A file or
// directory that cannot be served is an error returned at once.
func serve(_ context.Context, ln net.Listener, cfg framingtest.Config) error {
	switch cfg.Server {
	case framingtest.Lines:
		s := framing.LineServer{MaxLine: cfg.MaxLine}
		return s.Serve(ln)
	case framingtest.Counter:
		s := framing.Counter{MaxLine: cfg.MaxLine}
		return s.Serve(ln)
	case framingtest.File:
		s, err := framing.NewFileServer(cfg.Path)
		if err != nil {
			return err
		}
		return s.Serve(ln)
	case framingtest.Root:
		s, err := framing.NewRootServer(cfg.Root)
		if err != nil {
			return err
		}
		defer s.Close()
		return s.Serve(ln)
	}
	return fmt.Errorf("no server called %q", cfg.Server)
}
