package perftest

import "testing"

// Benchmark is written later.
func Benchmark(b *testing.B, impl Impl) {}
