package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// helperChat is a stage 03 file as a student who designs more writes it:
// who calls a helper of the student's own, and the helper reads the room
// without the lock.
const helperChat = `package chat

func (s *Server) join(c *client) {
	// TODO(1): add c to the room.
	s.mu.Lock()
	s.clients[c.name] = c
	s.mu.Unlock()
}

func (s *Server) who(c *client) {
	// TODO(4): tell c who is online.
	c.send(onlineLine(s))
}

func onlineLine(s *Server) string {
	var names []string
	for n := range s.clients {
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}
`

// TestRaceThroughHelper: a race in a function the student wrote, which
// holds no TODO, is reported at the helper's line and sent to the TODO of
// the function that calls it, both named.
func TestRaceThroughHelper(t *testing.T) {
	root := t.TempDir()
	st := stage{Num: 3, Dir: "stage03-chat", Name: "chat"}
	file := filepath.Join(root, st.Dir, "chat.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.WriteFile(file, []byte(helperChat), 0o644))
	pkg := "tcpworkbook/stage03-chat"
	race := strings.Join([]string{
		"==================",
		"WARNING: DATA RACE",
		"Read at 0x00c000123456 by goroutine 9:",
		"  " + pkg + ".onlineLine()",
		"      " + file + ":17 +0x44",
		"  " + pkg + ".(*Server).who()",
		"      " + file + ":12 +0x2c",
		"",
		"Previous write at 0x00c000123456 by goroutine 7:",
		"  " + pkg + ".(*Server).join()",
		"      " + file + ":6 +0x88",
		"==================",
	}, "\n")

	races := findRaces(root, st, "Chat/ChatB/who", race)
	require.Len(t, races, 1)
	read, write := races[0].Accesses[0], races[0].Accesses[1]
	require.Equal(t, "onlineLine", read.At.Func)
	require.NotNil(t, read.Via, "the helper's caller holds the TODO")
	require.Equal(t, "(*Server).who", read.Via.Func)
	require.Equal(t, 4, read.Via.Todo)
	require.Equal(t, "s.mu", write.Held)
	require.Equal(t, "", read.Held, "neither the helper nor who holds s.mu")

	var out strings.Builder
	rp := &report{root: root, command: invocation}
	rp.writeRace(newPrinter(&out, false), &stageResult{Stage: st}, &check{Path: "Chat/ChatB/who"}, races[0])
	text := out.String()
	t.Log(text)
	require.Contains(t, text, "previous write at stage03-chat/chat.go:6 in (*Server).join, holding s.mu")
	require.Contains(t, text, "read at stage03-chat/chat.go:17 in onlineLine, called from (*Server).who (TODO(4)), holding no lock")
	require.Contains(t, text, "Fix the read at stage03-chat/chat.go:17: take the same lock there.")
	require.Contains(t, text, "onlineLine holds no TODO of its own. It is called from (*Server).who, so the report sends you to TODO(4); "+
		"the line to change is most likely stage03-chat/chat.go:17, in onlineLine.")
	require.Contains(t, text, "Next step: open TODO(4) in stage03-chat/chat.go")
}

// TestCrashThroughHelper: a panic in the student's own helper is sent to
// the TODO of its caller, with the helper named.
func TestCrashThroughHelper(t *testing.T) {
	helper := place{File: "stage03-chat/chat.go", Line: 17, Func: "onlineLine"}
	inferred := place{File: "stage03-chat/chat.go", Line: 40, Func: "(*outbox).grow", Todo: 1, Inferred: true}
	who := place{File: "stage03-chat/chat.go", Line: 12, Func: "(*Server).who", Todo: 4}
	cr := crash{Kind: "panicked", Value: "boom", Student: []place{helper, inferred, who}}
	cr.At = &cr.Student[0]
	require.Equal(t, who, todoPlace(cr), "a TODO of its own beats one inferred from a receiver")

	var out strings.Builder
	rp := &report{root: t.TempDir(), command: invocation}
	rp.helperNote(newPrinter(&out, false), helper, todoPlace(cr))
	require.Contains(t, out.String(), "onlineLine holds no TODO of its own. It is called from (*Server).who, so the report sends you to TODO(4)")
}
