module tcpworkbook/stage06-perf

go 1.26

replace tcpworkbook/kit => ../kit
