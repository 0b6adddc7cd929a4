package check

import (
	"os"
	"slices"
)

// OracleEnv, when set, names the program the suite runs against through
// WORKBOOK_CMD as the spec's own implementation ("redis" for stage 07's
// real Redis). The checks of the workbook's extensions to the spec are
// skipped then; every other check must pass, which proves that the spec
// the students are held to is the real one.
const OracleEnv = "WORKBOOK_ORACLE"

// Extension is a check of something a stage asks beyond the spec it
// follows, with the reason.
type Extension struct {
	Check  string // the case's name: "shutdown"
	Reason string // why the oracle differs: "Redis closes clients without ..."
}

// SkipExtensions returns cases with each extension's case skipped, saying
// why, when OracleEnv is set.
func SkipExtensions(cases []Case, exts []Extension) []Case {
	oracle := os.Getenv(OracleEnv)
	if oracle == "" {
		return cases
	}
	out := slices.Clone(cases)
	for i, tc := range out {
		j := slices.IndexFunc(exts, func(e Extension) bool { return e.Check == tc.Name })
		if j < 0 {
			continue
		}
		reason := exts[j].Reason
		out[i].Run = func(c *T) { c.Skipf("an extension to the spec, not checked against %s: %s", oracle, reason) }
	}
	return out
}
