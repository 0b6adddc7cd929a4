package review

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVetTool builds cmd/tcpvet and runs it under go vet, as the README
// tells students and editors to: findings on the stage 01 mutants, in
// the workbook's format, and none on the starter. (Not the reference:
// go vet also reports on the packages a package's tests import from its
// own module, and the reference's tests import the mutants.)
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a command")
	}
	root := workspace(t)
	bin := filepath.Join(t.TempDir(), "tcpvet")
	build := exec.Command("go", "build", "-o", bin, "./cmd/tcpvet")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build\n%s", out)
	vet := func(pattern string) (string, int) {
		cmd := exec.Command("go", "vet", "-vettool="+bin, pattern)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		}
		require.NoError(t, err, "go vet %s\n%s", pattern, out)
		return string(out), 0
	}
	vetOut, code := vet("./solutions/stage01-echo/mutants")
	want := "solutions/stage01-echo/mutants/exit_on_reset.go:15:4: exit-in-handler: log.Fatalf in code that serves one connection"
	assert.NotZero(t, code, "go vet on the stage 01 mutants: exit status, want non-zero; output:\n%s", vetOut)
	assert.Contains(t, vetOut, want, "go vet on the stage 01 mutants: output with\n%s\ngot:\n%s", want, vetOut)
	vetOut, code = vet("./stage01-echo/...")
	assert.Equal(t, 0, code, "go vet on the stage 01 starter: exit status, want 0 and no output:\n%s", vetOut)
	assert.Empty(t, vetOut, "go vet on the stage 01 starter: want no output")
}
