package gotest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	stream := `{"Action":"run","Package":"p","Test":"TestX/a"}
go: warning: not JSON
{"Action":"attr","Package":"p","Test":"TestX/a","Key":"todo","Value":"2"}
{"Action":"fail","Package":"p","Test":"TestX/a","Elapsed":0.5}
{broken`
	var events []Event
	var loose []string
	require.NoError(t, Decode(strings.NewReader(stream), func(ev Event) { events = append(events, ev) },
		func(l string) { loose = append(loose, l) }))
	require.Len(t, events, 3)
	assert.Equal(t, Event{Action: "attr", Package: "p", Test: "TestX/a", Key: "todo", Value: "2"}, events[1])
	assert.InDelta(t, 0.5, events[2].Elapsed, 1e-9)
	assert.Equal(t, []string{"go: warning: not JSON", "{broken"}, loose)
}

func TestDecodeLongLine(t *testing.T) {
	long := `{"Action":"output","Output":"` + strings.Repeat("x", 1<<20) + `"}`
	n := 0
	require.NoError(t, Decode(strings.NewReader(long), func(ev Event) { n = len(ev.Output) }, nil))
	assert.Equal(t, 1<<20, n)
}
