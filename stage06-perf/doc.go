// Package perf is a placeholder until this stage is written.
package perf
