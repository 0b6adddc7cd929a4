// Package limits is a placeholder until this stage is written.
package limits
