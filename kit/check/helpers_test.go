package check

// What the harness's own tests stand on: toy servers written here, a fake
// testing.TB that records a case's failure instead of failing the test,
// and a way to run this test binary again as a child, for outcomes that
// only a failing *testing.T shows (check.Run's verdicts, Mutants').

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// toyStage is the stage the toy suites report against.
var toyStage = Stage{
	Name:      "Toy",
	File:      "kit/check/toy.go",
	Todos:     map[int]string{1: "the accept loop", 2: "the echo loop", 3: "line framing"},
	ServeTodo: 1,
	Symptoms:  []string{"toy-symptom"},
}

// serveEach is a toy server's accept loop: each connection gets a
// goroutine running handle, and is closed when handle returns. Serve
// returns nil once its listener is closed, after its handlers.
func serveEach(handle func(net.Conn)) ServeFunc {
	return func(ctx context.Context, ln net.Listener) error {
		var wg sync.WaitGroup
		defer wg.Wait()
		for {
			conn, err := ln.Accept()
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			if err != nil {
				return err
			}
			wg.Go(func() {
				defer conn.Close()
				handle(conn)
			})
		}
	}
}

// byLine answers each line it reads with reply(line) and a newline.
func byLine(reply func(string) string) func(net.Conn) {
	return func(conn net.Conn) {
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			if _, err := io.WriteString(conn, reply(sc.Text())+"\n"); err != nil {
				return
			}
		}
	}
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

var (
	echoServe    = serveEach(func(conn net.Conn) { io.Copy(conn, conn) })
	upperServe   = serveEach(byLine(strings.ToUpper))
	reverseServe = serveEach(byLine(reverse))
	// oneProcServe reverses lines when the process has one P, and echoes
	// them otherwise: a mistake only GOMAXPROCS 1 shows.
	oneProcServe = serveEach(byLine(func(s string) string {
		if runtime.GOMAXPROCS(0) == 1 {
			return reverse(s)
		}
		return s
	}))
	// sinkServe reads everything and never answers.
	sinkServe = serveEach(func(conn net.Conn) { io.Copy(io.Discard, conn) })
	// hangUpServe closes every connection at once.
	hangUpServe = serveEach(func(net.Conn) {})
	// blurtServe writes a line nobody asked for, then listens.
	blurtServe = serveEach(func(conn net.Conn) {
		io.WriteString(conn, "unasked\n")
		io.Copy(io.Discard, conn)
	})
	// blurtHangUpServe writes a line nobody asked for and hangs up.
	blurtHangUpServe = serveEach(func(conn net.Conn) { io.WriteString(conn, "unasked\n") })
	// halfServe reads a line, writes back its first two bytes, hangs up.
	halfServe = serveEach(func(conn net.Conn) {
		line, _ := bufio.NewReader(conn).ReadString('\n')
		io.WriteString(conn, line[:min(2, len(line))])
	})
)

// oneAtATimeServe echoes, but serves its connections one after another
// on the accept loop's goroutine: right for one client, wrong for two.
func oneAtATimeServe(ctx context.Context, ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return nil
		}
		io.Copy(conn, conn)
		conn.Close()
	}
}

// quitServe echoes the lines of its first connection until one says
// "stop", and then returns: an accept loop that quits early. The
// connection stays open (it is closed once the case cancels ctx), so the
// client sees no EOF, only a server that has gone.
func quitServe(ctx context.Context, ln net.Listener) error {
	conn, err := ln.Accept()
	if err != nil {
		return err
	}
	go func() { <-ctx.Done(); conn.Close() }()
	sc := bufio.NewScanner(conn)
	for sc.Scan() && sc.Text() != "stop" {
		io.WriteString(conn, sc.Text()+"\n")
	}
	return nil
}

// racyServe is echoServe with a data race in it, of the kind only the
// race detector sees.
func racyServe(ctx context.Context, ln net.Listener) error {
	hits := 0
	done := make(chan struct{})
	go func() { hits++; close(done) }()
	hits++
	<-done
	return echoServe(ctx, ln)
}

// notListening is an address that refuses connections for as long as the
// test runs: the local end of a connection holds the port, and nothing
// listens there.
func notListening(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn.LocalAddr().String()
}

// fakeTB is a testing.TB whose failures, skips and attributes are recorded
// rather than reported, so that a test can read the report a case would
// give a student. Everything else goes to the real test it wraps.
type fakeTB struct {
	testing.TB

	mu       sync.Mutex
	failed   bool
	skipped  bool
	messages []string
	attrs    map[string]string
	cleanups []func()
}

func (f *fakeTB) add(failed, skipped bool, msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = f.failed || failed
	f.skipped = f.skipped || skipped
	if msg != "" {
		f.messages = append(f.messages, msg)
	}
}

func (f *fakeTB) Errorf(format string, args ...any) { f.add(true, false, fmt.Sprintf(format, args...)) }
func (f *fakeTB) Error(args ...any)                 { f.add(true, false, fmt.Sprint(args...)) }
func (f *fakeTB) Fail()                             { f.add(true, false, "") }
func (f *fakeTB) FailNow()                          { f.Fail(); runtime.Goexit() }
func (f *fakeTB) Fatal(args ...any)                 { f.Error(args...); runtime.Goexit() }
func (f *fakeTB) Fatalf(format string, args ...any) { f.Errorf(format, args...); runtime.Goexit() }
func (f *fakeTB) Skip(args ...any)                  { f.add(false, true, fmt.Sprint(args...)); runtime.Goexit() }
func (f *fakeTB) SkipNow()                          { f.add(false, true, ""); runtime.Goexit() }
func (f *fakeTB) Skipf(format string, args ...any) {
	f.add(false, true, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (f *fakeTB) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

func (f *fakeTB) Skipped() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.skipped
}

func (f *fakeTB) Attr(key, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attrs[key] = value
}

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

// output is every message recorded, in order.
func (f *fakeTB) output() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.messages, "\n")
}

func (f *fakeTB) runCleanups() {
	for {
		f.mu.Lock()
		n := len(f.cleanups)
		if n == 0 {
			f.mu.Unlock()
			return
		}
		fn := f.cleanups[n-1]
		f.cleanups = f.cleanups[:n-1]
		f.mu.Unlock()
		fn()
	}
}

// fakeCase runs body as runCase runs a case (a watchdog that closes the
// clients, the clients closed at the end, cleanups last in first out) but
// on a fakeTB, which it returns. The case may fail: that is what it is
// for.
func fakeCase(t *testing.T, todo int, body func(c *T)) *fakeTB {
	t.Helper()
	f := &fakeTB{TB: t, attrs: map[string]string{}}
	c := &T{TB: f, stage: toyStage, todo: todo, name: t.Name(), expired: make(chan struct{}), limit: DefaultWatchdog}
	c.dog = time.AfterFunc(c.limit, func() {
		close(c.expired)
		f.Errorf("watchdog fired")
		c.closeAll()
	})
	f.Cleanup(func() { c.dog.Stop() })
	f.Cleanup(c.closeAll)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer f.runCleanups()
		body(c)
	}()
	<-done // bounded: the watchdog wakes every read, every wait watches it
	return f
}

// expire fires the case's watchdog now, as far as waits are concerned.
func expire(c *T) {
	if c.dog.Stop() {
		close(c.expired)
	}
}

// runTestChild runs this test binary again with -test.run=pattern and env
// added, and returns what it printed and how it exited. The child has a
// deadline of its own and is killed if it outlives it.
func runTestChild(t *testing.T, pattern string, env ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0],
		"-test.run="+pattern, "-test.v", "-test.count=1", "-test.timeout=90s")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, ctx.Err(), "the child test binary did not finish:\n%s", out)
	return string(out), err
}

// section is what a child printed under the test called name: from its
// "=== RUN" line to the next test's, attributes ("=== ATTR") included.
// Results ("--- FAIL") come at the end of the parent test, not in it.
func section(out, name string) string {
	head := "=== RUN   " + name + "\n"
	start := strings.Index(out, head)
	if start < 0 {
		return ""
	}
	rest := out[start+len(head):]
	if end := nextTest.FindStringIndex(rest); end != nil {
		rest = rest[:end[0]]
	}
	return rest
}

var nextTest = regexp.MustCompile(`(?m)^(=== (RUN|NAME|CONT|PAUSE)|--- )`)
