package stagedoc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const src = `package x

// TODO(3): above the function.
func listen() {}

type Server struct{}

// Serve serves.
func (s *Server) Serve() {
	// TODO(1): loop.
	x := 1
	// TODO(5): later in the same function.
	_ = x
}

func (o outbox[T]) push() {
	_ = o
}

func helper() {
	_ = 1
}
`

func TestParse(t *testing.T) {
	p := Parse("x.go", []byte(src))
	require.Equal(t, []Comment{{N: 3, Line: 3, Func: "listen"}, {N: 1, Line: 10, Func: "(*Server).Serve"}, {N: 5, Line: 12, Func: "(*Server).Serve"}}, p.Comments)
	for line, want := range map[int]int{11: 1, 13: 5, 10: 1, 4: 3} {
		n, _, ok := p.TodoAt(line)
		require.True(t, ok, line)
		require.Equal(t, want, n, line)
	}
	_, fn, ok := p.TodoAt(21)
	require.False(t, ok)
	require.Equal(t, "helper", fn, "the function, for a lookup elsewhere")
	f, _ := p.FuncAt(17)
	require.Equal(t, "outbox.push", f.Name)
	f, _ = p.FuncAt(21)
	require.Equal(t, "helper", f.Name)
}

// A TODO named inside a sentence is a reference, not a marker: the code
// below it still belongs to the marker above.
func TestParseReferences(t *testing.T) {
	const src = `package x

// echo echoes.
//
// TODO(4): split it. As in TODO(2), make
// the callback once; TODO(3) comes after.
// TODO(2) is done by now.
func echo() {
	_ = 1
	// TODO(1), second half: put it back.
	_ = 2
}
`
	p := Parse("x.go", []byte(src))
	require.Equal(t, []Comment{{N: 4, Line: 5, Func: "echo"}, {N: 1, Line: 10, Func: "echo"}}, p.Comments)
	n, _, _ := p.TodoAt(9)
	require.Equal(t, 4, n)
	n, _, _ = p.TodoAt(11)
	require.Equal(t, 1, n)
}

func TestTodoTable(t *testing.T) {
	md := "# x\n\n| TODO | where | what |\n|---|---|---|\n| 1 | `join`, `leave` | add | and more |\n| 6 | `(*outbox).push` | keep |\n\nafter\n| 9 | no | no |\n"
	rows := TodoTable(md)
	require.Equal(t, []TodoRow{
		{N: 1, Where: []string{"join", "leave"}, What: "add | and more", Line: 5},
		{N: 6, Where: []string{"(*outbox).push"}, What: "keep", Line: 6},
	}, rows)
	require.Equal(t, 1, TodoOfFunc(rows, "(*Server).leave"))
	require.Equal(t, 6, TodoOfFunc(rows, "(*outbox).push"))
	require.Equal(t, 0, TodoOfFunc(rows, "(*Server).push"))
	require.True(t, Names("RootServer.open", "(*RootServer).open"))
}
