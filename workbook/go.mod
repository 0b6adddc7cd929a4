module tcpworkbook/workbook

go 1.26
