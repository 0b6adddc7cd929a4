package framingtest

import "tcpworkbook/kit/check"

func counterCases(serve func(maxLine int) check.ServeFunc) []check.Case {
	return nil
}
