package stagedoc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTodoOf(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.go")
	require.NoError(t, os.WriteFile(file, []byte(`package x

func kept() {
	// TODO(3): the third.
	a()
}

func solved() {
	b()
}
`), 0o644))
	todo, fn := TodoOf(file, 5)
	assert.Equal(t, 3, todo)
	assert.Equal(t, "kept", fn)

	todo, fn = TodoOf(file, 9)
	assert.Zero(t, todo, "no comment left and no README: nothing says")
	assert.Equal(t, "solved", fn)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("| TODO | where | what |\n|---|---|---|\n| 2 | `solved` | b |\n"), 0o644))
	todo, _ = TodoOf(file, 9)
	assert.Equal(t, 2, todo, "the README's TODO table names the function")

	todo, fn = TodoOf(filepath.Join(dir, "missing.go"), 1)
	assert.Zero(t, todo)
	assert.Empty(t, fn)
}

func TestTodoOfHelperType(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.go")
	require.NoError(t, os.WriteFile(file, []byte(`package x

func chunks() func() {
	// TODO(2): read without holding a buffer.
	r := &reader{}
	return r.next
}

type reader struct{}

func (r *reader) next() {
	r.try()
}

func (r *reader) try() {}

func newWriter() *writer { return new(writer) }

func echo() {
	// TODO(4): a reader and a writer.
	w := newWriter()
	w.write()
}

type writer struct{}

func (w *writer) write() {}
`), 0o644))
	todo, fn := TodoOf(file, 15)
	assert.Equal(t, 2, todo, "a method of a type that chunks builds is chunks' code")
	assert.Equal(t, "(*reader).try", fn)
	todo, _ = TodoOf(file, 27)
	assert.Equal(t, 4, todo, "built by a constructor that echo calls: echo's")
}

func TestTodoOfDeferredCall(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.go")
	require.NoError(t, os.WriteFile(file, []byte(`package x

func serveConn(release func()) {
	// TODO(2): give the slot back.
	defer release()
	// TODO(3): recover.
	handle()
}
`), 0o644))
	todo, _ := TodoOfFrame(file, 8, "tcpworkbook/x.semaphore.release")
	assert.Equal(t, 2, todo, "at the closing brace, release runs from its defer, which is TODO(2)'s")
	todo, _ = TodoOfFrame(file, 8, "tcpworkbook/x.other")
	assert.Equal(t, 3, todo, "a call no defer names: the nearest TODO above")
	todo, _ = TodoOfFrame(file, 7, "tcpworkbook/x.handle")
	assert.Equal(t, 3, todo, "not at the closing brace: the line itself")
}
