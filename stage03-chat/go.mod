module tcpworkbook/stage03-chat

go 1.26

replace tcpworkbook/kit => ../kit
