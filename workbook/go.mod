module tcpworkbook/workbook

go 1.26.0

replace (
	tcpworkbook/kit => ../kit
	tcpworkbook/stage01-echo => ../stage01-echo
	tcpworkbook/stage02-framing => ../stage02-framing
	tcpworkbook/stage03-chat => ../stage03-chat
	tcpworkbook/stage04-shutdown => ../stage04-shutdown
	tcpworkbook/stage05-limits => ../stage05-limits
	tcpworkbook/stage06-perf => ../stage06-perf
)

require (
	github.com/fatih/color v1.19.0
	github.com/fsnotify/fsnotify v1.10.1
	github.com/mattn/go-isatty v0.0.20
	github.com/stretchr/testify v1.12.1
	golang.org/x/tools v0.52.0
	tcpworkbook/kit v0.0.0-00010101000000-000000000000
	tcpworkbook/stage01-echo v0.0.0-00010101000000-000000000000
	tcpworkbook/stage02-framing v0.0.0-00010101000000-000000000000
	tcpworkbook/stage03-chat v0.0.0-00010101000000-000000000000
	tcpworkbook/stage04-shutdown v0.0.0-00010101000000-000000000000
	tcpworkbook/stage05-limits v0.0.0-00010101000000-000000000000
	tcpworkbook/stage06-perf v0.0.0-00010101000000-000000000000
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/redis/go-redis/v9 v9.23.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)

require (
	github.com/mattn/go-colorable v0.1.14 // indirect
	go.uber.org/goleak v1.3.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/sys v0.49.0
	tcpworkbook/review v0.0.0-00010101000000-000000000000
	tcpworkbook/stage07-miniredis v0.0.0-00010101000000-000000000000
)

replace tcpworkbook/review => ../review

replace tcpworkbook/stage07-miniredis => ../stage07-miniredis
