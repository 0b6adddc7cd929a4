//go:build !unix

package crossos

var broken int = "not a number"
