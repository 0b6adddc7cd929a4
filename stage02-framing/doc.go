// Package framing is a placeholder until this stage is written.
package framing
