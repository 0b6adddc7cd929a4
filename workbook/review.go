package main

import (
	"fmt"
	"io"

	"tcpworkbook/review"
)

// runReview prints the pitfall review of each stage, one finding a line
// in go vet's form, and on stderr a line for each stage with none. It exits 1 when there are findings, 0 when there are
// none, and 2 when the review could not run (a stage that does not
// compile, say).
func runReview(stdout, stderr io.Writer, root string, sts []stage) int {
	code := 0
	for _, st := range sts {
		findings, err := review.Check(root, st.Num)
		if err != nil {
			fmt.Fprintf(stderr, "workbook: could not review %s: %v\n", st.Dir, err)
			code = 2
			continue
		}
		for _, f := range findings {
			fmt.Fprintln(stdout, review.Format(f))
		}
		if len(findings) == 0 {
			// On stderr, so that stdout stays what go vet would print:
			// nothing. A student who asked still learns that it ran.
			fmt.Fprintf(stderr, "%s: the review found none of the lecture's pitfalls\n", st.Dir)
		}
		if len(findings) > 0 && code == 0 {
			code = 1
		}
	}
	return code
}

// reviewStage is the pitfall review of a stage that passed. A review that
// cannot run is left out: the checks are what decide whether a stage
// passed, and a stage the review does not know has nothing to review.
func reviewStage(root string, st stage) []review.Finding {
	findings, err := review.Check(root, st.Num)
	if err != nil {
		return nil
	}
	return findings
}
