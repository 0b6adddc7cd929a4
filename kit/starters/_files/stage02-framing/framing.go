// Package framing is your stage 02 code: a line echo server, a line
// counter, and a file server that sends one file, or any file below a
// directory by name.
//
// Work through the TODOs in order. Run the checks with
//
//	go test ./stage02-framing/...
//
// and read the first failure: it says what was sent, what came back, and
// which TODO to open.
package framing

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"syscall"
)

// DefaultMaxLine is the longest line a server accepts unless told
// otherwise, not counting the line ending.
const DefaultMaxLine = 64 << 10

// maxName bounds the file name a RootServer client may send.
const maxName = 4 << 10

// What a client can be told, each on a line of its own: "error: <text>\n".
var (
	ErrLineTooLong = errors.New("line too long")
	ErrNotFound    = errors.New("not found")
	ErrInvalidName = errors.New("invalid name")
	ErrNotAFile    = errors.New("not a file")
)

// serve is stage 01's accept loop, shared by every server here. Each
// connection gets its own goroutine and logger, and is closed when handle
// returns.
func serve(ln net.Listener, log *slog.Logger, handle func(net.Conn, *slog.Logger)) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			log := log.With("remote", conn.RemoteAddr().String())
			log.Info("connected")
			handle(conn, log)
		}()
	}
}

// LineServer answers every line a client sends with the same line.
type LineServer struct {
	// MaxLine is the longest line accepted, in bytes, not counting its
	// "\n" or "\r\n". Zero means DefaultMaxLine.
	MaxLine int
	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
}

// Serve accepts connections on ln until it is closed, then returns nil.
func (s *LineServer) Serve(ln net.Listener) error { return serve(ln, s.Log, s.handle) }

func (s *LineServer) handle(conn net.Conn, log *slog.Logger) {
	n, err := echoLines(conn, conn, limit(s.MaxLine))
	switch {
	case errors.Is(err, ErrLineTooLong):
		log.Warn("rejected a line that is too long", "lines", n)
	case err != nil:
		log.Warn("connection failed", "lines", n, "err", err)
	default:
		log.Info("disconnected", "lines", n)
	}
}

// echoLines answers every line read from r with the same line and "\n" on
// w, and reports how many it answered. It returns nil at EOF. A line
// longer than maxLine ends the conversation: the client is told, and the
// error is ErrLineTooLong.
func echoLines(r io.Reader, w io.Writer, maxLine int) (int, error) {
	// br holds at most one line of maxLine bytes and its "\r\n", and
	// only as much of that as the line needs.
	br := newLineReader(r, maxLine)
	bw := bufio.NewWriter(w)
	for n := 0; ; n++ {
		line, err := readLine(br, maxLine)
		switch {
		case errors.Is(err, io.EOF):
			return n, bw.Flush()
		case errors.Is(err, ErrLineTooLong):
			return n, sendError(bw, err)
		case err != nil:
			return n, err
		}
		// TODO(1): answer the line with its bytes and "\n". No reply may
		// sit in bw while the client waits for it (the lecture's "Not
		// Flushing Writes"), yet the replies to a burst of lines should
		// leave together, in one write: lineWaiting tells the two cases
		// apart. A reply that cannot be sent ends the conversation.
		_, _ = line, lineWaiting // delete this line once you use them
	}
}

// dropEnding returns line without its line ending: the "\n" and, when
// there is one just before it, a "\r".
func dropEnding(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	// TODO(2): telnet, like every Internet protocol, ends lines with
	// "\r\n": a "\r" just before the "\n" belongs to the ending and goes
	// too. Only that one: any other "\r", or white space, is data.
	return line
}

// readLine returns the next line from r without its "\n" or "\r\n". The
// slice is only valid until the next read from r.
//
// A last line cut short by EOF is still a line; the call after it returns
// io.EOF. A line longer than maxLine bytes is ErrLineTooLong, found
// without reading more than maxLine+2 bytes of it: r was made with
// newLineReader(conn, maxLine).
func readLine(r *lineReader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice()
	// TODO(3): a last line cut short by EOF (the client half-closed
	// right after it) is still a line, and must not be lost to the error
	// that comes with it: the lecture's "Not Handling Connection
	// Closure". Only an EOF that brings no bytes ends the conversation.
	//
	// TODO(4): a line over maxLine bytes, its ending not counted, is
	// ErrLineTooLong, whether or not it filled the reader. Find it before
	// more than maxLine+2 bytes of it are held: a client that never sends
	// "\n" must not make the server hold gigabytes (the lecture's
	// "Unbounded Resource Usage").
	if err != nil {
		return nil, err
	}
	return dropEnding(line), nil
}

// sendError tells the client why the conversation ends and returns err.
func sendError(w *bufio.Writer, err error) error {
	fmt.Fprintf(w, "error: %v\n", err)
	if ferr := w.Flush(); ferr != nil {
		return errors.Join(err, ferr)
	}
	return err
}

// limit turns a configured line limit into the one to use.
func limit(maxLine int) int {
	if maxLine <= 0 {
		return DefaultMaxLine
	}
	return maxLine
}

// Counter counts the lines a client sends. When the client half-closes,
// it answers with the count and closes.
type Counter struct {
	// MaxLine is the longest line accepted, as for LineServer.
	MaxLine int
	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
}

// Serve accepts connections on ln until it is closed, then returns nil.
func (s *Counter) Serve(ln net.Listener) error { return serve(ln, s.Log, s.handle) }

func (s *Counter) handle(conn net.Conn, log *slog.Logger) {
	maxLine := limit(s.MaxLine)
	n, err := countLines(newLineReader(conn, maxLine), maxLine)
	if errors.Is(err, ErrLineTooLong) {
		fmt.Fprintf(conn, "error: %v\n", err)
		log.Warn("rejected a line that is too long", "lines", n)
		return
	}
	if err != nil {
		log.Warn("connection failed", "lines", n, "err", err)
		return
	}
	if _, err := fmt.Fprintf(conn, "%d\n", n); err != nil {
		log.Warn("could not send the count", "lines", n, "err", err)
		return
	}
	log.Info("disconnected", "lines", n)
}

// countLines counts the lines read from r until EOF. Memory stays the
// same however many lines arrive: each one is counted and forgotten.
func countLines(r *lineReader, maxLine int) (int, error) {
	// TODO(5): count the lines until the client has finished sending
	// (the lecture's exercise 1, "Line Counter Server"). Memory must stay
	// the same however many lines come: count each one and forget it.
	// Reading that fails any other way, a line too long or a reset, ends
	// the count with that error.
	return 0, errors.New("countLines is not written yet (TODO(5))") // replace this line
}

// FileServer sends one file to every client that connects, then closes
// the connection.
type FileServer struct {
	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger

	path string
}

// NewFileServer returns a server for the file at path. It checks the file
// now, so that a wrong path is an error at start-up and not at the first
// client.
func NewFileServer(path string) (*FileServer, error) {
	// TODO(6): a path that is missing, or that is not a regular file (a
	// directory, a FIFO), is an error now, before any client; the second
	// kind wraps ErrNotAFile. Never wait on a FIFO to find out (see
	// readNoBlock), and leave nothing open: each client opens its own.
	_ = readNoBlock // delete this line once you use it
	return &FileServer{path: path}, nil
}

// readNoBlock opens a file for reading without waiting. Opening a FIFO (a
// named pipe, made with mkfifo) for reading otherwise blocks until a
// writer opens it too: a server that opens whatever a name leads to
// would wait, holding a thread, for ever. A regular file reads the same
// either way; anything else is refused once it is open (Stat).
const readNoBlock = os.O_RDONLY | syscall.O_NONBLOCK

// Serve accepts connections on ln until it is closed, then returns nil.
func (s *FileServer) Serve(ln net.Listener) error { return serve(ln, s.Log, s.handle) }

func (s *FileServer) handle(conn net.Conn, log *slog.Logger) {
	n, err := sendFile(conn, s.path)
	if err != nil {
		log.Warn("sending failed", "path", s.path, "bytes", n, "err", err)
		return
	}
	log.Info("disconnected", "path", s.path, "bytes", n)
}

// sendFile copies the file at path to w. Each client gets its own
// *os.File, and so its own read offset: sharing one would send the file
// to the first client and nothing to the rest.
//
// When w is the *net.TCPConn itself, io.Copy lets the *os.File's WriteTo
// method see the socket, and on Linux it calls sendfile: the bytes go from
// the page cache to the socket without passing through this program.
func sendFile(w io.Writer, path string) (int64, error) {
	// TODO(7): send the whole file to w (the lecture's exercise 2, "File
	// Server") from a file of this client's own, in pieces, never read
	// whole into memory. Never wait on a FIFO, and close what you open
	// on every way out.
	return 0, errors.New("sendFile is not written yet (TODO(7))") // replace this line
}

// RootServer reads one line from each client, a file name, and sends the
// file of that name from below its directory. Names that lead out of the
// directory are refused, however they try.
type RootServer struct {
	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger

	root *os.Root
}

// NewRootServer returns a server for the files below dir. Close it when
// done.
func NewRootServer(dir string) (*RootServer, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &RootServer{root: root}, nil
}

// Close releases the directory.
func (s *RootServer) Close() error { return s.root.Close() }

// Serve accepts connections on ln until it is closed, then returns nil.
func (s *RootServer) Serve(ln net.Listener) error { return serve(ln, s.Log, s.handle) }

func (s *RootServer) handle(conn net.Conn, log *slog.Logger) {
	line, err := readLine(newLineReader(conn, maxName), maxName)
	if err != nil {
		if errors.Is(err, ErrLineTooLong) {
			fmt.Fprintf(conn, "error: %v\n", err)
		}
		log.Warn("no file name", "err", err)
		return
	}
	name := string(line)
	f, err := s.open(name)
	if err != nil {
		fmt.Fprintf(conn, "error: %v\n", err)
		log.Warn("rejected", "name", name, "err", err)
		return
	}
	defer f.Close()
	n, err := io.Copy(conn, f) // sendfile, as in FileServer
	if err != nil {
		log.Warn("sending failed", "name", name, "bytes", n, "err", err)
		return
	}
	log.Info("disconnected", "name", name, "bytes", n)
}

// open opens the regular file called name below the root. Its errors are
// the ones a client may see: ErrNotFound, ErrInvalidName, ErrNotAFile.
func (s *RootServer) open(name string) (*os.File, error) {
	// TODO(8): open name below the root, never outside it: not by "..",
	// an absolute path or a symbolic link (only s.root can promise that),
	// and never wait on a FIFO. A name with nothing there to read is
	// ErrNotFound; a name that tries to leave is ErrInvalidName.
	//
	// TODO(9): a directory opens too, and so does a FIFO. Anything but a
	// regular file is ErrNotAFile: ask the open file, not the name, what
	// it is, and leave nothing open when you refuse it.
	return nil, errors.New("open is not written yet (TODO(8))") // replace this line
}
