// Package shutdown is a placeholder until this stage is written.
package shutdown
