module tcpworkbook/stage05-limits

go 1.26

replace tcpworkbook/kit => ../kit
