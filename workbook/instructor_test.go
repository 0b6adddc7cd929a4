package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassFlag(t *testing.T) {
	var out, errs bytes.Buffer
	dir := filepath.Join("internal", "classroom", "testdata", "class")
	code := cli(context.Background(), []string{"-class", dir}, &out, &errs, false, false)
	assert.Equal(t, 0, code, errs.String())
	assert.Contains(t, out.String(), "Class report: 4 students")
	assert.Contains(t, out.String(), "skipping notes.json")

	out.Reset()
	code = cli(context.Background(), []string{"-class", dir, "-csv"}, &out, &errs, false, false)
	assert.Equal(t, 0, code)
	assert.Contains(t, out.String(), "student,01 echo passed")
	assert.NotContains(t, out.String(), "Class report")

	code = cli(context.Background(), []string{"-class", filepath.Join(t.TempDir(), "none")}, &out, &errs, false, false)
	assert.Equal(t, 2, code, "a missing folder is a usage error")
}

func TestDemoFlagNamesTheStagesWithAServer(t *testing.T) {
	var out, errs bytes.Buffer
	code := cli(context.Background(), []string{"-demo", "9"}, &out, &errs, false, false)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs.String(), "these have one: 1 (echo), 2 (framing), 3 (chat)")
}
