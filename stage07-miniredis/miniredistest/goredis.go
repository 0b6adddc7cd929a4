package miniredistest

import (
	"context"
	"errors"
	"strings"

	"github.com/redis/go-redis/v9"

	"tcpworkbook/kit/check"
)

// newClient is a go-redis client of the case's server, with up to pool
// connections, closed when the case ends. It speaks RESP2 and skips the
// handshake commands (HELLO, CLIENT SETINFO) that the stage does not ask
// for, and it never retries: a failure is the server's.
func newClient(c *check.T, pool int) *redis.Client {
	rdb := redis.NewClient(&redis.Options{
		Addr:            c.Addr,
		Protocol:        2,
		DisableIdentity: true,
		PoolSize:        pool,
		MaxRetries:      -1,
		DialTimeout:     check.ReadTimeout,
		ReadTimeout:     check.ReadTimeout,
		WriteTimeout:    check.ReadTimeout,
	})
	c.Cleanup(func() { rdb.Close() })
	return rdb
}

// isNil reports whether err is go-redis's "no such key".
func isNil(err error) bool { return errors.Is(err, redis.Nil) }

// receiver is what the checks need of a subscription.
type receiver interface {
	ReceiveMessage(ctx context.Context) (channel, payload string, err error)
}

// pubsubMessages is a go-redis subscription as a receiver.
type pubsubMessages struct{ ps *redis.PubSub }

func (p pubsubMessages) ReceiveMessage(ctx context.Context) (string, string, error) {
	m, err := p.ps.ReceiveMessage(ctx)
	if err != nil {
		return "", "", err
	}
	return m.Channel, m.Payload, nil
}

// caseContext is done when the case's watchdog fires, so that a go-redis
// call waiting for a reply that never comes gives up with the case.
func caseContext(c *check.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-c.Expired():
		case <-ctx.Done():
		}
		cancel()
	}()
	c.Cleanup(cancel)
	return ctx
}

// readLines reads n lines (each with its CRLF) as one string.
func readLines(cl conn, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(cl.ReadLine())
	}
	return b.String()
}
