package framingtest

import "tcpworkbook/kit/check"

func fileCases(file, root func(string) (check.ServeFunc, error)) []check.Case {
	return nil
}
