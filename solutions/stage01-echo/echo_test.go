package echo_test

import (
	"context"
	"maps"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/proc"
	echo "tcpworkbook/solutions/stage01-echo"
	"tcpworkbook/solutions/stage01-echo/mutants"
	"tcpworkbook/stage01-echo/echotest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestEcho(t *testing.T) {
	echotest.Run(t, echotest.Impl{Listen: echo.Listen, Serve: adapt(new(echo.Server).Serve)})
}

// adapt gives a stage 01 server the suite's Serve shape.
func adapt(serve func(net.Listener) error) check.Serve[echotest.Config] {
	return func(_ context.Context, ln net.Listener, _ echotest.Config) error { return serve(ln) }
}

// Each mutant makes one common mistake; the check the manifest names must
// catch it and point at the TODO it names.
func TestMutants(t *testing.T) {
	known := echotest.Manifest.Mutants
	// Without an IPv6 loopback the ipv6 check skips, and a skip is not the
	// failure its mutants must cause.
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil {
		ln.Close()
	} else {
		t.Logf("not trying the ipv6 check's mutants: this machine has no IPv6 loopback (%v)", err)
		known = slices.DeleteFunc(slices.Clone(known), func(m check.Mutant) bool { return m.Check == "ipv6" })
	}
	crashes := map[string]bool{}
	for _, m := range known {
		crashes[m.Name] = m.Crashes
	}
	check.Mutants(t, known, func(t *testing.T, name string) {
		impl := mutants.All[name]
		if impl.Listen == nil {
			impl.Listen = echo.Listen
		}
		if impl.Serve == nil {
			impl.Serve = adapt(new(echo.Server).Serve)
		}
		if crashes[name] {
			t.Setenv(check.CommandEnv, buildMutant(t)+" -mutant "+name)
		}
		echotest.Run(t, impl)
	})
}

// TestMutantNames: the manifest and the mutants package know the same
// mutants, so none is written and never tried, or tried and missing.
func TestMutantNames(t *testing.T) {
	check.SameMutants(t, echotest.Manifest.Mutants, maps.Keys(mutants.All))
	for _, m := range echotest.Manifest.Mutants {
		if m.Todo == 0 {
			t.Errorf("mutant %q names no TODO", m.Name)
		}
	}
}

var (
	buildOnce sync.Once
	built     string
	buildErr  error
)

// buildMutant builds the echo-mutant command once per test binary.
func buildMutant(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		built = filepath.Join(t.TempDir(), "echo-mutant")
		buildErr = proc.Build(context.Background(), proc.WorkspaceRoot(), "./solutions/stage01-echo/mutants/cmd/echo-mutant", built)
	})
	if buildErr != nil {
		t.Fatalf("could not build the echo-mutant command: %v", buildErr)
	}
	return built
}
