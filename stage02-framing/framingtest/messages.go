package framingtest

// What the checks say beyond the kit's own report: notes shown with any
// failure of their case, and formats for Failf. Each reads as the text a
// student sees.

// Counter
const (
	// -max-line
	noteCounterTooLong = "the counter runs with -max-line %d. It checks each line as it arrives, " +
		"and stops at the first one that is too long, without waiting for EOF."
	// MiB sent, lines sent, MiB grown
	msgHeapGrew = "while alice sent %d MiB in %d lines, the heap grew by %.1f MiB and stayed that way. " +
		"The counter seems to keep the lines it has read; it needs only their number."
)

// Files
const (
	// the root directory
	noteTraversal = "the server runs with -root %s; secret.txt is beside that directory, not in it. " +
		"Opening filepath.Join(root, name) follows \"..\" straight out: let os.Root open the name instead."
	noteSymlink = "root/up and root/abs are symbolic links to secret.txt, outside the root. " +
		"A name can look harmless and still lead out; only opening through os.Root checks every step, links included."
	// who, KiB per piece, the offset shown
	noteProgress = "%s's data is compared %d KiB at a time; the part shown starts at byte %d of the file."
	// the root directory
	// the path
	noteSwapped = "alice got %[1]s; then the harness replaced %[1]s with a FIFO (a named pipe) that nobody writes to, " +
		"and bob connected. The check at start-up was before: sendFile (TODO(7)) must open the path without waiting " +
		"on a FIFO and refuse what is not a regular file now, so bob is hung up on at once, with nothing sent."
	noteFIFO = "%s/pipe is a FIFO (a named pipe, made with mkfifo) that nobody writes to. " +
		"It is not a regular file, so the answer is \"error: not a file\\n\", at once."
)

// Files/startup: each takes the path (or root) and one of the
// happened* endings.
const (
	msgStartedMissing = "the file server did not refuse -file %s, a file that does not exist: %s. " +
		"It should check the file at start-up and refuse, so that the mistake shows before the first client."
	msgStartedDirectory = "the file server did not refuse -file %s, which is a directory: %s. " +
		"It should refuse anything that is not a regular file."
	msgStartedMissingRoot = "the file server did not refuse -root %s, a directory that does not exist: %s."
	msgStartedFIFO        = "the file server did not refuse -file %s, which is a FIFO (a named pipe): %s. " +
		"Opening a FIFO for reading waits until a writer opens it too, so a plain os.Open never returns: " +
		"open with readNoBlock, then Stat the open file, which is not a regular one."

	happenedNil     = "Serve returned no error"
	happenedRunning = "Serve had not returned an error 2s later"
)

// What each symptom of manifest.go says the traffic shows.
const (
	readingReopenBlocks = "bob connected after the file had become a FIFO and got nothing, not even a closed connection: " +
		"his handler is stuck opening the path. Opening a FIFO for reading waits for a writer, for ever here."
	readingOpenBlocks = "a fresh client asked for the FIFO and got nothing, not even a closed connection: " +
		"the handler is stuck opening it. Opening a FIFO for reading waits for a writer, for ever here. " +
		"Open names with s.root.OpenFile(name, readNoBlock, 0) (TODO(8)); then Stat says it is not a regular file."
)

// The resource checks of the file servers.
const (
	msgFilesLeaked = "after %d clients were each sent %s and hung up on, the server had %d more files open than " +
		"before. Every request opens the file, so every request must close it, on every way out: " +
		"defer f.Close() right after the open succeeds. A server that does not runs out of file descriptors " +
		"after a few thousand clients, and then cannot even accept."
	msgDirsLeaked = "after %d clients each asked for the directory \"sub\" and were told \"error: not a file\", the " +
		"server had %d more files open than before. open() opened the directory to Stat it; refusing it must close " +
		"it too, or each refusal keeps a descriptor for ever."
	msgBigFileShort  = "alice should have received the whole %d MiB file, but got %d bytes (%s)."
	msgBigFileMemory = "sending one %d MiB file to one client made the server allocate %.1f MiB. The file seems to be read " +
		"whole before it is sent, so each client costs its size in memory: twenty clients downloading a 1 GiB file " +
		"would need 20 GiB. Copy it in pieces instead: io.Copy(w, f) from the open *os.File (on Linux, sendfile " +
		"moves the bytes without any buffer of yours)."
)

// The start-up of the -file server. %d: start-ups of each kind; %d: files left open.
const (
	msgStartupLeaks = "after %d start-ups with a directory as -file (refused) and %d with a regular file " +
		"(served, then stopped), the process had %d more files open than before. NewFileServer opens the " +
		"file to see what it is: close it again on every way out, the refusal included (defer f.Close() " +
		"right after the open succeeds)."
	msgStartupStuck = "Serve with -file %s did not return within %v of its listener being closed."
)
