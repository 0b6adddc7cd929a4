package run

import (
	"bytes"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/fatih/color"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandlerWritesOneLinePerRecord(t *testing.T) {
	color.NoColor = true
	var out bytes.Buffer
	log := slog.New(NewHandler(&out)).With("remote", "127.0.0.1:5000")
	log.Info("connected")
	log.Warn("connection failed", "err", "reset")

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	assert.Regexp(t, `^\d\d:\d\d:\d\d\.\d{3} connected remote=127.0.0.1:5000$`, lines[0])
	assert.Regexp(t, `connection failed remote=127.0.0.1:5000 err=reset$`, lines[1])
}

func TestHandlerColoursByFirstWord(t *testing.T) {
	color.NoColor = false
	defer func() { color.NoColor = true }()
	r := func(level slog.Level, msg string) slog.Record { return slog.NewRecord(time.Now(), level, msg, 0) }
	assert.Equal(t, arrive, pick(r(slog.LevelInfo, "joined the room")))
	assert.Equal(t, depart, pick(r(slog.LevelInfo, "left")))
	assert.Equal(t, fail, pick(r(slog.LevelError, "joined")), "level wins over the word")
	assert.Nil(t, pick(r(slog.LevelInfo, "message")))
}

func TestListenFirstFallsBack(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()

	ln, err := listenFirst(busy.Addr().String(), "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	assert.NotEqual(t, busy.Addr().String(), ln.Addr().String())

	_, err = listenFirst(busy.Addr().String())
	assert.ErrorContains(t, err, "no address could be bound")
}
