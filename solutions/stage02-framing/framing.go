// Package framing turns a TCP byte stream into lines. It holds three
// servers: a line echo, a line counter, and a file server that sends one
// file, or any file below a directory by name.
package framing

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
		bw.Write(line) // a bufio.Writer keeps its first error; Flush reports it
		bw.WriteByte('\n')
		// Replies wait in bw while more lines are ready to read, so a
		// burst of lines goes out in a few large writes. Once the client
		// has nothing more queued up, it is waiting for us: send now.
		if !lineWaiting(br) {
			if err := bw.Flush(); err != nil {
				return n, err
			}
		}
	}
}

// dropEnding returns line without its line ending: the "\n" and, when
// there is one just before it, a "\r".
func dropEnding(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")) // telnet ends lines with "\r\n"
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
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, ErrLineTooLong // the limit is reached and still no "\n"
	case errors.Is(err, io.EOF) && len(line) > 0:
		// The client closed its side after a line with no "\n": answer
		// it now; the next call gets the EOF again, with nothing.
	case err != nil:
		return nil, err
	}
	line = dropEnding(line)
	if len(line) > maxLine {
		return nil, ErrLineTooLong
	}
	return line, nil
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
	for n := 0; ; n++ {
		_, err := readLine(r, maxLine)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
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
	f, err := openRegular(path)
	if err != nil {
		return nil, err // "open PATH: no such file or directory" says it all
	}
	f.Close()
	return &FileServer{path: path}, nil
}

// readNoBlock opens a file for reading without waiting. Opening a FIFO (a
// named pipe, made with mkfifo) for reading otherwise blocks until a
// writer opens it too: a server that opens whatever a name leads to
// would wait, holding a thread, for ever. A regular file reads the same
// either way; anything else is refused once it is open (Stat).
const readNoBlock = os.O_RDONLY | syscall.O_NONBLOCK

// openRegular opens the regular file at path for reading. Anything else,
// a directory, a FIFO or a device, is ErrNotAFile, found on the open file
// itself: checking the path first and opening it after would leave a
// moment in which it could be swapped for a FIFO.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, readNoBlock, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, ErrNotAFile)
	}
	return f, nil
}

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
	// The file was a regular one at start-up; it may have been replaced
	// since, so it is checked again, on the file now open.
	f, err := openRegular(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, f)
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
	// os.Root resolves the name one element at a time, symlinks
	// included, and refuses any step that leaves the directory: "..",
	// an absolute path, or a link to elsewhere. No string check on name
	// can do that, because it cannot see the links. readNoBlock: a FIFO
	// below the root must not block the handler in its open.
	f, err := s.root.OpenFile(name, readNoBlock, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		return nil, ErrNotFound // no need to say it exists if it cannot be read
	case errors.Is(err, syscall.ENOTDIR):
		// "a.txt/" or "a.txt/b": a file used as a directory. Nothing
		// of that name exists, and the name stays inside the root.
		return nil, ErrNotFound
	case err != nil:
		// os.Root does not export its "path escapes" error; every other
		// failure here is about the name itself.
		return nil, ErrInvalidName
	}
	info, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, ErrNotFound
	case !info.Mode().IsRegular():
		f.Close()
		return nil, ErrNotAFile
	}
	return f, nil
}
