package framing_test

import (
	"context"
	"net"
	"testing"

	"tcpworkbook/kit/check"
	framing "tcpworkbook/stage02-framing"
	"tcpworkbook/stage02-framing/framingtest"
)

// TestFraming runs the stage 02 checks against your servers. Run one
// group or one check alone with, for example,
//
//	go test ./stage02-framing/... -run 'Framing/Lines'
//	go test ./stage02-framing/... -run 'Framing/Lines/crlf'
func TestFraming(t *testing.T) {
	framingtest.Run(t, framingtest.Impl{
		Lines: func(maxLine int) check.ServeFunc {
			s := &framing.LineServer{MaxLine: maxLine}
			return func(_ context.Context, ln net.Listener) error { return s.Serve(ln) }
		},
		Counter: func(maxLine int) check.ServeFunc {
			s := &framing.Counter{MaxLine: maxLine}
			return func(_ context.Context, ln net.Listener) error { return s.Serve(ln) }
		},
		File: func(path string) (check.ServeFunc, error) {
			s, err := framing.NewFileServer(path)
			if err != nil {
				return nil, err
			}
			return func(_ context.Context, ln net.Listener) error { return s.Serve(ln) }, nil
		},
		Root: func(dir string) (check.ServeFunc, error) {
			s, err := framing.NewRootServer(dir)
			if err != nil {
				return nil, err
			}
			return func(_ context.Context, ln net.Listener) error {
				defer s.Close()
				return s.Serve(ln)
			}, nil
		},
	})
}
