package load

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// ReadRSS returns the resident memory of process pid, in bytes, from the
// VmRSS line of /proc/PID/status. It works on Linux only.
func ReadRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the memory of process %d needs /proc (Linux): %w", pid, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("process %d: cannot parse VmRSS %q: %w", pid, rest, err)
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("process %d: no VmRSS in /proc/%d/status", pid, pid)
}

// clockTicks is the unit of the CPU times in /proc/PID/stat: USER_HZ,
// which Linux fixes at 100 a second on every architecture Go supports.
const clockTicks = 100

// CPU is the processor time a process has used since it started, in all
// of its threads, including those that have exited.
type CPU struct {
	User time.Duration // running its own code
	Sys  time.Duration // in the kernel on its behalf: system calls, TCP
}

// Sub returns the time used between earlier and c.
func (c CPU) Sub(earlier CPU) CPU {
	return CPU{User: c.User - earlier.User, Sys: c.Sys - earlier.Sys}
}

// Total is user and system time together.
func (c CPU) Total() time.Duration { return c.User + c.Sys }

// ReadCPU returns the processor time process pid has used, from
// /proc/PID/stat. It works on Linux only, to the nearest 10 ms.
func ReadCPU(pid int) (CPU, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return CPU{}, fmt.Errorf("reading the CPU time of process %d needs /proc (Linux): %w", pid, err)
	}
	cpu, err := parseStat(string(data))
	if err != nil {
		return CPU{}, fmt.Errorf("process %d: %w", pid, err)
	}
	return cpu, nil
}

// parseStat reads utime and stime, the 14th and 15th fields of a
// /proc/PID/stat line. The second field is the command name in brackets,
// which may itself hold spaces and brackets, so counting starts after the
// last ')'.
func parseStat(line string) (CPU, error) {
	end := strings.LastIndexByte(line, ')')
	if end < 0 {
		return CPU{}, fmt.Errorf("cannot parse stat line %q", line)
	}
	// After the name come field 3 (state) onwards: utime is field 14.
	fields := strings.Fields(line[end+1:])
	const utime, stime = 14 - 3, 15 - 3
	if len(fields) <= stime {
		return CPU{}, fmt.Errorf("stat line has %d fields after the name, want more than %d", len(fields), stime)
	}
	var ticks [2]int64
	for i, f := range []string{fields[utime], fields[stime]} {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return CPU{}, fmt.Errorf("cannot parse CPU ticks %q: %w", f, err)
		}
		ticks[i] = n
	}
	tick := time.Second / clockTicks
	return CPU{User: time.Duration(ticks[0]) * tick, Sys: time.Duration(ticks[1]) * tick}, nil
}
