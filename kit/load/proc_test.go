package load

import (
	"os"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	// A command name with a space and a bracket, as a process may choose.
	line := "4242 (my (echo) srv) S 1 4242 4242 0 -1 4194560 512 0 0 0 250 1375 0 0 20 0 6 0 100 1000 200 18446744073709551615\n"
	cpu, err := parseStat(line)
	if err != nil {
		t.Fatal(err)
	}
	if want := (CPU{User: 2500 * time.Millisecond, Sys: 13750 * time.Millisecond}); cpu != want {
		t.Errorf("parseStat = %+v, want %+v", cpu, want)
	}
	for _, bad := range []string{"", "4242 (echo", "4242 (echo) S 1 2 3", "4242 (echo) S 1 4242 4242 0 -1 4194560 512 0 0 0 x 1375 0"} {
		if _, err := parseStat(bad); err == nil {
			t.Errorf("parseStat(%q) returned no error", bad)
		}
	}
}

func TestReadCPU(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here:", err)
	}
	before, err := ReadCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn CPU until the kernel's 10 ms clock has counted some of it.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		now, err := ReadCPU(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		if used := now.Sub(before); used.Total() > 0 {
			return
		}
	}
	t.Error("ReadCPU saw no CPU time used in 5 seconds of busy looping")
}
