package main

import (
	"fmt"
	"slices"
	"strings"

	"tcpworkbook/kit/check"
)

// checkSymptoms: HINTS.md has a section "## symptom: <id>" for each of
// the stage's declared symptoms (Stage.Symptoms), and no section for a
// symptom that is neither declared nor one of the kit's common ones. The
// kit fails a case that diagnoses an undeclared symptom, so together they
// keep every diagnosis's hints in place.
func checkSymptoms(root string, m *check.Manifest) []string {
	path, md, err := stageFile(root, m, "HINTS.md")
	if err != nil {
		return []string{err.Error()}
	}
	sections := symptomSections(md)
	var problems []string
	for _, id := range m.Symptoms {
		switch {
		case slices.Contains(check.CommonSymptoms, id):
			problems = append(problems, fmt.Sprintf("the manifest declares %q, one of the kit's common symptoms (check.CommonSymptoms): leave it out", id))
		case !slices.Contains(sections, id):
			problems = append(problems, fmt.Sprintf("%s has no section \"## symptom: %s\" for a symptom the manifest declares", path, id))
		}
	}
	for _, id := range sections {
		if !slices.Contains(m.Symptoms, id) && !slices.Contains(check.CommonSymptoms, id) {
			problems = append(problems, fmt.Sprintf("%s has a section \"## symptom: %s\", a symptom the manifest does not declare (Stage.Symptoms)", path, id))
		}
	}
	return problems
}

// symptomSections lists the ids of HINTS.md's "## symptom: <id>" headings.
func symptomSections(md []byte) []string {
	var ids []string
	for line := range strings.SplitSeq(string(md), "\n") {
		if id, ok := strings.CutPrefix(line, "## symptom:"); ok {
			ids = append(ids, strings.TrimSpace(id))
		}
	}
	return ids
}
