package pitfalls

import (
	"regexp"
	"strconv"
	"strings"
)

// stageDir matches a stage's directory in an import path, as in
// tcpworkbook/stage03-chat or tcpworkbook/solutions/stage03-chat/mutants.
var stageDir = regexp.MustCompile(`^stage(\d\d)-[a-z0-9]+$`)

// StageOf returns the stage a package belongs to, from its import path,
// or 0 when the path names no stage (code outside the workbook, or a
// test's own package). Every analyzer runs on code of unknown stage.
func StageOf(pkgPath string) int {
	for _, elem := range strings.Split(pkgPath, "/") {
		if m := stageDir.FindStringSubmatch(elem); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

// IsSuite reports whether pkgPath is a stage's check suite, such as
// tcpworkbook/stage01-echo/echotest. Suites dial, stall and reset
// connections on purpose, so they are never reviewed.
func IsSuite(pkgPath string) bool {
	if StageOf(pkgPath) == 0 {
		return false
	}
	last := pkgPath[strings.LastIndex(pkgPath, "/")+1:]
	return strings.HasSuffix(last, "test")
}

// span is the stages a pitfall applies to, first and last.
type span struct{ from, until int }

// spans gives each pitfall its stages: from the stage that teaches its
// cure. Code of an unknown stage gets every analyzer. review/README.md's
// "stages" column is checked against this table.
var spans = map[string]span{
	eofIgnored:          {1, 7},
	errorBeforeData:     {1, 7},
	writeErrorIgnored:   {1, 7},
	connNotClosed:       {1, 7},
	exitInHandler:       {1, 7},
	unflushedWriter:     {1, 7},
	lockHeldAcrossIO:    {1, 7},
	sleepIgnoresCtx:     {4, 7}, // stage 04 brings the context
	unlimitedGoroutines: {5, 5}, // stage 06 holds thousands of connections on purpose
	writeBlocksAccept:   {5, 7}, // stage 05 brings the refusal
	allocPerRead:        {6, 6},
}

// partialLines is the stages where a last line without "\n" is data the
// client sent and must not be lost (a line echo, a chat message). In stage
// 07 it is half a RESP command, which Redis drops at EOF: error-before-data
// leaves a line read there alone.
var partialLines = span{1, 6}

// todo is where a pitfall is taught: the stage and the number of the
// TODO whose code it would spoil.
type todo struct{ stage, n int }

// todos maps each pitfall to its TODO in every stage that has one. The
// numbers are those of each stage's starter and of its suite's Todos map
// (stageNN-x/<x>test). A stage not listed has no TODO for the pitfall: the
// code in question was given, or is the student's own addition, and the
// message points back to the stage that teaches it, home. These are the
// fallback: a finding in a function that holds a TODO names that TODO
// (see funcTodo).
var todos = map[string]map[int]int{
	lockHeldAcrossIO:    {3: 2, 7: 5},             // broadcastLocked: send queues and never blocks; PUBLISH
	connNotClosed:       {1: 1, 5: 1, 7: 1},       // hand each conn to a goroutine; reject closes
	exitInHandler:       {1: 2, 5: 3, 7: 1},       // the echo's errors; recover a panicking handler
	errorBeforeData:     {1: 2, 2: 3, 6: 1, 7: 1}, // use the data first; the last line; the borrowed read; RESP
	writeErrorIgnored:   {1: 2, 2: 1, 6: 4, 7: 1}, // return a write error; Flush's error; the writer goroutine; replies
	unflushedWriter:     {2: 1, 7: 1},             // flush when no other line is waiting; when no command is
	unlimitedGoroutines: {5: 1},                   // take a slot before handing the conn over
	sleepIgnoresCtx:     {4: 1, 5: 5, 7: 7},       // watch ctx, not a clock; s.sleep(ctx, delay); shutdown
	allocPerRead:        {6: 1},                   // borrow each read buffer from the pool
	eofIgnored:          {1: 2, 2: 3, 7: 1},       // EOF ends the loop; the last line before EOF; RESP
	writeBlocksAccept:   {5: 1, 7: 6},             // reject's reply has a write deadline; max clients
}

// home is the stage and TODO that teach each pitfall, named by a message
// about a stage that has no TODO of its own for it.
var home = map[string]todo{
	lockHeldAcrossIO:    {3, 2},
	connNotClosed:       {1, 1},
	exitInHandler:       {1, 2},
	errorBeforeData:     {1, 2},
	writeErrorIgnored:   {1, 2},
	unflushedWriter:     {2, 1},
	unlimitedGoroutines: {5, 1},
	sleepIgnoresCtx:     {5, 5},
	allocPerRead:        {6, 1},
	eofIgnored:          {1, 2},
	writeBlocksAccept:   {5, 1},
}

// todoFor returns the TODO of stage that a finding of pitfall belongs to,
// or 0 when that stage has none.
func todoFor(pitfall string, stage int) int { return todos[pitfall][stage] }

// todoText names the TODO in a message: "TODO(2)" in a stage that has one,
// else the stage that teaches the pitfall.
func todoText(pitfall string, stage, n int) string {
	if n != 0 {
		return "TODO(" + strconv.Itoa(n) + ")"
	}
	h := home[pitfall]
	return "taught in stage " + twoDigits(h.stage) + ", TODO(" + strconv.Itoa(h.n) + ")"
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// TodoFor returns the TODO of stage that findings of the named pitfall
// belong to, or 0 when the stage has none (the pitfall is taught
// elsewhere). Findings of alloc-per-read may name another of stage 06's
// TODOs: a copied chunk is TODO(4), a closure per read TODO(2).
func TodoFor(pitfall string, stage int) int { return todoFor(pitfall, stage) }
