module tcpworkbook/stage04-shutdown

go 1.26

replace tcpworkbook/kit => ../kit
