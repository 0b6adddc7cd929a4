// Package framing is a made-up starter for the saved-output tests: its
// TODO comments are what the command finds and shows.
package framing

// TODO(1): the room.

// broadcast sends a line to everyone else.
func broadcast(line string) {
	// TODO(2): the broadcast: send line to every client but the sender,
	// in the order they were sent.
	//   - lock the room
	//   - queue the line for each client
	_ = line
}
