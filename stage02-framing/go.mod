module tcpworkbook/stage02-framing

go 1.26

replace tcpworkbook/kit => ../kit

require tcpworkbook/kit v0.0.0-00010101000000-000000000000

require go.uber.org/goleak v1.3.0 // indirect
