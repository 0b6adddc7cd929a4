package linecheck

// What the checks say beyond the kit's own report: notes shown with any
// failure of their case, and the reading of a symptom.

// Lines
const (
	noteWaitsForReply = "alice waits for each reply before sending her next line. " +
		"A reply that is written but never arrives is usually still in a bufio.Writer: Flush it."
	noteSplit = "the line arrives in four writes. " +
		"A server that answers each Read, rather than each line, answers too early."
	// -max-line, then the same number of bytes
	noteTooLong = "the server runs with -max-line %d: a line may hold %d bytes before its \"\\n\" or \"\\r\\n\". " +
		"A longer one gets \"error: line too long\\n\", and then the server closes the connection."
	// -max-line
	noteBounded = "alice keeps sending a line with no end, 4096 times the limit of %d bytes. " +
		"A server that reads the whole line before measuring it (ReadString, ReadBytes, or appending to a slice) " +
		"answers only after the line ends, which here it never does; its memory grows all the while."
)

// readingEndingTrimmed: a Lines failure whose reply lost the end of the
// line's own bytes.
const readingEndingTrimmed = "the reply lost bytes that were the line's own, just before its \"\\n\": white space, " +
	"or a second \"\\r\". The line ending is \"\\n\" or one \"\\r\\n\", and only that goes: trimming more " +
	"(bytes.TrimSpace, bytes.TrimRight(line, \"\\r\")) changes what the client sent."
