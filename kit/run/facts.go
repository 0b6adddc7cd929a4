package run

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"time"
)

// A Flag is what a manifest, its README's Flags table and stagecheck know
// of a command's flag: its facts are written once, as an Int, a Duration,
// a String or a Value, in the stage's suite package, and the commands
// declare it from there (Declare) while the suites pass it (Arg).
type Flag interface {
	// FlagName is the flag's name without its dash: "max-line".
	FlagName() string
	// DefaultText is the default as -h prints it, "" for none.
	DefaultText() string
}

// Int is a whole-number flag from Min to Max.
type Int struct {
	Name              string
	Usage             string // as -h shows it; a `word` in backquotes names the value
	Default, Min, Max int
}

// Declare declares f on the command line, stored in *p, which starts at
// f.Default; a value outside Min..Max is refused at start-up (IntRange).
func (f Int) Declare(p *int) {
	*p = f.Default
	flag.Var(IntRange(p, f.Min, f.Max), f.Name, fmt.Sprintf("%s (%d to %d)", f.Usage, f.Min, f.Max))
}

// Arg is the command line that sets f to v.
func (f Int) Arg(v int) []string { return []string{"-" + f.Name, strconv.Itoa(v)} }

func (f Int) FlagName() string { return f.Name }

func (f Int) DefaultText() string { return strconv.Itoa(f.Default) }

// Duration is a duration flag from Min to Max, in Go's syntax (200ms, 30s).
type Duration struct {
	Name              string
	Usage             string
	Default, Min, Max time.Duration
}

// Declare declares f on the command line, stored in *p, which starts at
// f.Default; a value outside Min..Max is refused at start-up.
func (f Duration) Declare(p *time.Duration) {
	*p = f.Default
	usage := fmt.Sprintf("%s (%s to %s)", f.Usage, f.Min, f.Max)
	if f.Max == math.MaxInt64 {
		usage = fmt.Sprintf("%s (at least %s)", f.Usage, f.Min)
	}
	flag.Var(DurationRange(p, f.Min, f.Max), f.Name, usage)
}

// Arg is the command line that sets f to v.
func (f Duration) Arg(v time.Duration) []string { return []string{"-" + f.Name, v.String()} }

func (f Duration) FlagName() string { return f.Name }

func (f Duration) DefaultText() string { return f.Default.String() }

// String is a flag that takes any text, such as a path.
type String struct {
	Name, Usage, Default string
}

// Declare declares f on the command line, stored in *p.
func (f String) Declare(p *string) { flag.StringVar(p, f.Name, f.Default, f.Usage) }

// Arg is the command line that sets f to v.
func (f String) Arg(v string) []string { return []string{"-" + f.Name, v} }

func (f String) FlagName() string { return f.Name }

func (f String) DefaultText() string { return f.Default }

// Value is a flag whose type parses itself (a flag.Value, such as a
// policy that takes only certain words).
type Value struct {
	Name, Usage, Default string
}

// Declare declares f on the command line, stored in v, which is first set
// to f.Default. A Default v refuses is a mistake in the facts: it panics.
func (f Value) Declare(v flag.Value) {
	if err := v.Set(f.Default); err != nil {
		panic(fmt.Sprintf("flag -%s: default %q: %v", f.Name, f.Default, err))
	}
	flag.Var(v, f.Name, f.Usage)
}

// Arg is the command line that sets f to v.
func (f Value) Arg(v string) []string { return []string{"-" + f.Name, v} }

func (f Value) FlagName() string { return f.Name }

func (f Value) DefaultText() string { return f.Default }
