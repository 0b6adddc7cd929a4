package review

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	vet := func(pattern string) (string, int) {
		cmd := exec.Command("go", "vet", "-vettool="+bin, pattern)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		switch {
		case err == nil:
			return string(out), 0
		case errors.As(err, &exit):
			return string(out), exit.ExitCode()
		}
		t.Fatalf("go vet %s: %v\n%s", pattern, err, out)
		return "", 0
	}
	out, code := vet("./solutions/stage01-echo/mutants")
	want := "solutions/stage01-echo/mutants/exit_on_reset.go:15:4: exit-in-handler: log.Fatalf in code that serves one connection"
	if code == 0 || !strings.Contains(out, want) {
		t.Errorf("go vet on the stage 01 mutants: exit status %d, want non-zero, and output with\n%s\ngot:\n%s", code, want, out)
	}
	if out, code := vet("./stage01-echo/..."); code != 0 || out != "" {
		t.Errorf("go vet on the stage 01 starter: exit status %d, want 0 and no output:\n%s", code, out)
	}
}
