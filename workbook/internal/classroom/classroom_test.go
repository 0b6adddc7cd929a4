package classroom

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func read(t *testing.T, name string) *Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "class", name+".json"))
	require.NoError(t, err)
	r, err := Parse(data)
	require.NoError(t, err)
	return r
}

// points does what the grading reporter does with a runner's result:
// decode the base64, sum the tests' scores, and say "Points X/Y".
func points(t *testing.T, encoded string) string {
	t.Helper()
	data, err := base64.StdEncoding.DecodeString(encoded)
	require.NoError(t, err)
	var rep struct {
		Version  int    `json:"version"`
		Status   string `json:"status"`
		MaxScore int    `json:"max_score"`
		Tests    []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
			Score  int    `json:"score"`
		} `json:"tests"`
	}
	require.NoError(t, json.Unmarshal(data, &rep))
	require.Equal(t, 1, rep.Version)
	total := 0
	for _, test := range rep.Tests {
		require.NotEmpty(t, test.Name)
		require.Contains(t, []string{"pass", "fail", "error"}, test.Status)
		total += test.Score
	}
	return fmt.Sprintf("Points %d/%d (%s)", total, rep.MaxScore, rep.Status)
}

func TestGradeScoresEveryCheck(t *testing.T) {
	for name, want := range map[string]string{
		"ada": "Points 9/9 (pass)", // a skipped check scores; each stage's race verdict is a point
		"bob": "Points 0/9 (fail)", // held-back checks do not score
		"cy":  "Points 6/9 (fail)", // stage 01 whole, one check of stage 03
		"dee": "Points 8/9 (fail)", // every check, but a race in stage 03
	} {
		t.Run(name, func(t *testing.T) {
			encoded, err := Encode(Grade(read(t, name)))
			require.NoError(t, err)
			assert.Equal(t, want, points(t, encoded))
		})
	}
}

func TestGradeNamesTheTodoOfAFailure(t *testing.T) {
	rep := Grade(read(t, "cy"))
	var msg string
	for _, test := range rep.Tests {
		if strings.HasSuffix(test.Name, "ChatA/broadcast") {
			msg = test.Message
		}
	}
	assert.Contains(t, msg, "Next step: TODO(2) in stage03-chat/chat.go")
}

func TestParseRefusesWhatIsNotAResult(t *testing.T) {
	for _, bad := range []string{"", "[]", `{"hello": 1}`, "notes"} {
		_, err := Parse([]byte(bad))
		assert.ErrorIs(t, err, ErrNotAResult, "%q", bad)
	}
	_, err := Parse([]byte(`{"schema": 9, "stages": []}`))
	assert.ErrorContains(t, err, "later workbook")
}

func TestClassReport(t *testing.T) {
	dir := filepath.Join("testdata", "class")
	students, skipped, err := ReadClass(dir)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, WriteReport(&b, dir, students, skipped))
	golden(t, "class.golden", b.String())
}

func TestClassReportOfAnEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	students, skipped, err := ReadClass(dir)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, WriteReport(&b, dir, students, skipped))
	assert.Contains(t, b.String(), "No results in "+dir)
	assert.Contains(t, b.String(), "go run ./workbook -json > <their name>.json")
}

func TestClassReportOfAMissingDirectory(t *testing.T) {
	_, _, err := ReadClass(filepath.Join(t.TempDir(), "nope"))
	assert.Error(t, err)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "%s changed; if that is intended, run with -update", path)
}
