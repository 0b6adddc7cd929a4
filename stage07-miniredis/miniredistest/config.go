package miniredistest

import (
	"log/slog"
	"time"
)

// Config is a server configuration, as the checks ask for it. Each field
// is the command-line flag of the same name; a zero leaves the flag out,
// and the server's default (Redis's) holds.
type Config struct {
	MaxBulk     int           // -max-bulk: the longest bulk string, in bytes
	MaxClients  int           // -max-clients: clients served at once
	Timeout     time.Duration // -timeout: close a client idle this long
	PubSubLimit int           // -pubsub-limit: how far a subscriber may fall behind, in bytes

	// Log is where an in-process server logs: Launch gives each case its
	// own, whose last lines end any failure report.
	Log *slog.Logger
}

// Logger and WithLogger let Launch give a server run in process the case's
// log (check.LoggingConfig).
func (cfg Config) Logger() *slog.Logger { return cfg.Log }

// WithLogger is cfg logging to l.
func (cfg Config) WithLogger(l *slog.Logger) Config {
	cfg.Log = l
	return cfg
}

// Command is cmd/miniredis with cfg's flags.
func (cfg Config) Command() (server string, flags []string) {
	if cfg.MaxBulk != 0 {
		flags = append(flags, MaxBulkFlag.Arg(cfg.MaxBulk)...)
	}
	if cfg.MaxClients != 0 {
		flags = append(flags, MaxClientsFlag.Arg(cfg.MaxClients)...)
	}
	if cfg.Timeout != 0 {
		flags = append(flags, TimeoutFlag.Arg(cfg.Timeout)...)
	}
	if cfg.PubSubLimit != 0 {
		flags = append(flags, PubSubLimitFlag.Arg(cfg.PubSubLimit)...)
	}
	return "", flags
}
