package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	kit "tcpworkbook/kit/check"
)

// details writes what to do next at the focus stage, the last of
// results: its first failure, the TODO to open and a hint.
func (rp *report) details(p *printer, results []*stageResult) {
	r := results[focus(results)]
	p.printf("\n")
	switch r.Status {
	case buildFailed:
		if r.Vet {
			p.printf("%s\n\n", p.hi.Sprintf("%s compiles, but go vet, which go test runs before the tests, found a mistake:", r.Stage.Dir))
		} else {
			p.printf("%s\n\n", p.hi.Sprintf("%s does not compile:", r.Stage.Dir))
		}
		for _, l := range r.BuildErrors {
			p.printf("  %s\n", l)
		}
		if rp.watching {
			p.printf("\nFix the first error and save: the checks run again by themselves.\n")
		} else {
			p.printf("\nFix the first error, then run %s again.\n", rp.command)
		}
		return
	case broken:
		if r.NoCC {
			p.printf("%s\n\n", p.hi.Sprintf("go test could not build %s: the C compiler is missing or broken (your code is not the problem). go said:", r.Stage.Dir))
			p.printf("%s\n\n%s\n", indent(r.Problem, "  "), cCompilerHelp)
			return
		}
		p.printf("%s\n\n", p.hi.Sprintf("go test could not run %s:", r.Stage.Dir))
		p.printf("%s\n", indent(r.Problem, "  "))
		return
	}

	c := r.FirstFailure()
	if c == nil {
		p.printf("%s\n\n", p.hi.Sprintf("The tests of %s failed outside any check:", r.Stage.Dir))
		problem := r.Problem
		if problem == "" {
			// Seen once in many runs of a mutant whose map race ends the
			// process: go test's record of the crash did not reach us.
			problem = fmt.Sprintf("(go test printed nothing to explain it. Run the stage once more, or run it alone "+
				"to see its own output: go test %s)", rp.stagePattern(r.Stage))
		}
		p.printf("%s\n", indent(problem, "  "))
		return
	}
	race := ""
	if r.Race == raceFailed {
		race = "-race "
	}
	p.printf("%s %s", p.bold.Sprint("First failing check:"), p.hi.Sprint(c.Path))
	if race != "" {
		p.printf(" %s", p.dim.Sprint("(under the race detector)"))
	}
	p.printf("\n%s\n\n", p.dim.Sprintf("Run it alone: go test %s%s -run '%s'", race, rp.stagePattern(r.Stage), runPattern(c.Path)))
	msg := r.FailureText(c)
	if msg == "" {
		msg = "(the check failed without printing why)"
	}

	if races := r.races(rp.root); len(races) > 0 {
		rp.writeRace(p, r, c, races[0])
		return
	}
	if r.Exited == c {
		rp.writeExit(p, r, c)
		return
	}
	if cr, ok := findCrash(rp.root, r.Stage, msg); ok && cr.At != nil {
		rp.writeCrash(p, r, c, cr, msg)
		return
	}
	rp.writeMessage(p, msg, c.Attr(attrTraffic))
	if todo, ok := findTodo(rp.root, c, msg); ok {
		rp.writeOpen(p, todo)
	}
	rp.writeHints(p, r, c, c.Attr(attrSymptom))
}

// writeOpen shows the TODO to open: where it is and its comment.
func (rp *report) writeOpen(p *printer, todo todoRef) {
	p.printf("\n")
	if todo.Line > 0 {
		p.printf("%s %s\n", p.bold.Sprintf("Open %s", todo.Location()), p.dim.Sprintf("(TODO(%d))", todo.N))
		lines, more := todo.Shown()
		for _, l := range lines {
			p.printf("    %s\n", p.cyan.Sprint(l))
		}
		if more > 0 {
			p.printf("    %s\n", p.dim.Sprintf("… %d more lines of TODO(%d): read on in %s", more, todo.N, todo.Location()))
		}
		return
	}
	p.printf("%s\n", p.bold.Sprintf("Open %s", todo.File))
	if todo.Read {
		p.printf("    %s\n", p.dim.Sprintf("(its TODO(%d) comment is gone: look for the code it described)", todo.N))
	}
}

// nextStepAt writes the "Next step" line for a place in the student's
// code and the TODO it belongs to, then that TODO's comment.
func (rp *report) nextStepAt(p *printer, st stage, at place) {
	p.printf("\n")
	if at.Todo == 0 {
		p.printf("%s\n", p.yellow.Sprintf("Next step: open %s", at))
		return
	}
	line := fmt.Sprintf("Next step: open TODO(%d) in %s", at.Todo, at.File)
	if st.Manifest != nil && st.Manifest.Todos[at.Todo] != "" {
		line += ": " + st.Manifest.Todos[at.Todo]
	} else if at.Func != "" {
		line += fmt.Sprintf(", the TODO of %s", at.Func)
	}
	p.printf("%s\n", p.yellow.Sprint(line))
	rp.writeOpen(p, locateTodo(rp.root, at.Todo, at.File))
}

// maxMessageLines bounds a message; only a panic's stack is ever longer.
const maxMessageLines = 80

// shownTraffic is how many lines of a failure's traffic the progress view
// keeps, the last ones: with the headline, the reading, the TODO and the
// hint, a first failure then fits a 40-row terminal. "Run it alone" shows
// the rest.
const shownTraffic = 6

var earlierLines = regexp.MustCompile(`^  … (\d+) earlier lines not shown$`)

// foldTraffic shortens the traffic block of a message ("Traffic…:"
// followed by indented lines) to its last shownTraffic lines, saying how
// many earlier ones the suite printed or left out.
func foldTraffic(lines []string) []string {
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Traffic") && strings.HasSuffix(l, ":") })
	if start < 0 {
		return lines
	}
	end := start + 1
	for end < len(lines) && strings.HasPrefix(lines[end], "  ") {
		end++
	}
	block := lines[start+1 : end]
	hidden := 0
	if len(block) > 0 {
		if m := earlierLines.FindStringSubmatch(block[0]); m != nil {
			hidden, _ = strconv.Atoi(m[1])
			block = block[1:]
		}
	}
	if len(block) <= shownTraffic+2 { // folding two lines saves nothing
		return lines
	}
	hidden += len(block) - shownTraffic
	out := append([]string(nil), lines[:start+1]...)
	out = append(out, fmt.Sprintf("  … %d earlier lines not shown (run the check alone to see more)", hidden))
	out = append(out, block[len(block)-shownTraffic:]...)
	return append(out, lines[end:]...)
}

// writeMessage writes a failure message as the suite printed it, with
// its headline and its "Next step" line picked out in colour.
func (rp *report) writeMessage(p *printer, msg, traffic string) {
	all := strings.Split(msg, "\n")
	lines := foldTraffic(all)
	if len(lines) > maxMessageLines {
		cut := len(lines) - maxMessageLines
		lines = append(lines[:maxMessageLines:maxMessageLines], p.dim.Sprintf("… %d more lines: run the check alone to see them all", cut))
	}
	events, ok := decodeTraffic(traffic)
	if !ok {
		events = parseTraffic(all) // a run saved before the suites wrote the attribute
	}
	ls := lanes(events, rp.width())
	writeLanes := func() {
		p.printf("%s\n", p.dim.Sprintf("The traffic as lanes, one column per client, oldest first (the last %d lines at most):", lastLanes))
		for _, l := range ls {
			p.printf("%s\n", l)
		}
		p.printf("\n")
		ls = nil
	}
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "✗ "):
			p.printf("%s\n", p.hi.Sprint(l))
		case strings.HasPrefix(l, "Next step:"):
			if ls != nil {
				writeLanes()
			}
			p.printf("%s\n", p.yellow.Sprint(l))
		default:
			p.printf("%s\n", l)
		}
	}
	if ls != nil {
		p.printf("\n")
		writeLanes()
	}
}

// width is the terminal width lanes are fitted to; tests set it.
func (rp *report) width() int {
	if rp.columns > 0 {
		return rp.columns
	}
	return terminalWidth()
}

// fallbackSymptomHints are the workbook's own hints for a symptom it
// diagnoses outside any check, for a stage whose HINTS.md has no section
// for it.
var fallbackSymptomHints = map[string][]string{
	symptomExit: {
		"Your server ended the whole process in the middle of a check. An error on one connection must never end the server: " +
			"log.Fatal and os.Exit end every connection at once, and in the checks, the test itself.",
		"Look for log.Fatal, log.Fatalf, log.Fatalln and os.Exit on every path a connection's error can take: the handler, " +
			"the goroutines it starts, and what they call.",
		"Log the error (with the connection's logger) and return: the deferred Close ends that one connection, and Serve goes on accepting.",
	},
	kit.SymptomReadSpins: {
		"The goroutine the report names was busy each time the harness looked: at the end of the stream, each read " +
			"returns at once with nothing, and the loop goes round again.",
		"A net.Conn's Read reports the end as io.EOF. A raw read(2) (syscall.Read in a RawConn's callback) reports it " +
			"as 0 bytes and a nil error: nothing on its own says the stream has ended.",
		"Where you read: after a raw read that returned 0 bytes and no error, report io.EOF; and wherever a loop gets " +
			"io.EOF, leave the loop (after echoing any bytes that came with it).",
	},
	symptomSpinning: {
		"The report lists a goroutine of your server that was running, not waiting, seconds after the server was told to stop: " +
			"a loop that never ends. Look at the loop around the line it names.",
		"A loop that retries a failing call at once fails again at once. After the listener is closed, ln.Accept fails " +
			"every time, immediately: `continue` on that error turns the accept loop into a busy loop.",
		"In the accept loop: `if errors.Is(err, net.ErrClosed) { return nil }`, then `if err != nil { return err }` " +
			"(stage 05 shows how to wait and retry on a temporary error instead).",
	},
}

// symptomSpinning is the kit's diagnosis of a server goroutine that never
// stops running.
const symptomSpinning = kit.SymptomSpinning

// writeHints shows the hints for a failure: those of its diagnosed
// symptom ("## symptom: <id>" in HINTS.md) if it has one and they exist,
// else the check's own.
func (rp *report) writeHints(p *printer, r *stageResult, c *check, symptom string) {
	sections := loadHints(filepath.Join(rp.root, r.Stage.Dir, "HINTS.md"))
	var hints []string
	if symptom != "" {
		hints = symptomHints(sections, symptom)
	}
	if len(hints) == 0 {
		hints = fallbackSymptomHints[symptom]
	}
	if len(hints) == 0 && c != nil {
		hints = hintsFor(sections, c.Path)
	}
	if len(hints) == 0 {
		return
	}
	n := min(max(rp.hint, 1), len(hints))
	for k := range n {
		p.printf("\n%s %s\n", p.yellow.Sprintf("Hint %d of %d:", k+1, len(hints)), indentRest(hints[k], "  "))
	}
	if n < len(hints) {
		flag := "-hint"
		if n+1 > 2 {
			flag = fmt.Sprintf("-hint=%d", n+1)
		}
		p.printf("%s\n", p.dim.Sprintf("A longer hint: %s", rp.suggest(flag)))
	} else {
		p.printf("%s\n", p.dim.Sprintf("That was the last hint. The stage's README.md explains the idea in full."))
	}
}
