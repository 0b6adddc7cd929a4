module tcpworkbook/stage02-framing

go 1.26

replace tcpworkbook/kit => ../kit
