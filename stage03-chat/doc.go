// Package chat is a placeholder until this stage is written.
package chat
