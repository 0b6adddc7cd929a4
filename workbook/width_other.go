//go:build !unix

package main

// ttyWidth is 0 where the terminal's width is not asked: lanes then fit
// $COLUMNS, or 100.
func ttyWidth() int { return 0 }
