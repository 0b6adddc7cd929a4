module tcpworkbook/stage06-perf

go 1.26

replace tcpworkbook/kit => ../kit

require tcpworkbook/kit v0.0.0-00010101000000-000000000000

require (
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	go.uber.org/goleak v1.3.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/sys v0.42.0 // indirect
)
