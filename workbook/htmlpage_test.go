package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// htmlResults is a run with a passing check and a failing one whose
// traffic has two clients, a log line and text that needs escaping.
func htmlResults() []*stageResult {
	failing := &check{Path: "Chat/ChatA/broadcast", Action: "fail", attrs: map[string]string{attrTraffic: `[` +
		`{"who":"alice","dir":"","text":"connected"},{"who":"bob","dir":"","text":"connected"},` +
		`{"who":"alice","dir":"→","text":"\"<b>hi</b>\\n\""},{"who":"server","dir":"log","text":"level=INFO msg=said"},` +
		`{"who":"bob","dir":"←","text":"\"[alice]: <b>hi</b>\\n\""},{"who":"case","dir":"","text":"told the server to stop"}]`}}
	failing.output.WriteString("✗ TestChat/ChatA/broadcast: bob got <b>hi</b> & more\n")
	return []*stageResult{{Stage: stage{Num: 3, Dir: "stage03-chat", Name: "chat"}, Status: failed,
		Checks: []*check{{Path: "Chat/ChatA/welcome", Action: "pass"}, failing}}}
}

// TestHTMLPage: one page, self-contained (nothing fetched, no script),
// every text escaped, a sequence diagram for the failing check.
func TestHTMLPage(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeHTML(&b, htmlResults(), time.Date(2026, 12, 8, 0, 20, 0, 0, time.UTC)))
	page := b.String()
	assert.Contains(t, page, "03 chat: 1 of 2 checks pass")
	assert.Contains(t, page, "<svg")
	assert.Contains(t, page, ">server</text>")
	assert.Contains(t, page, "log: level=INFO msg=said")
	assert.Contains(t, page, "&lt;b&gt;hi&lt;/b&gt;")
	assert.NotContains(t, page, "<b>hi", "the traffic's text is escaped")
	assert.NotContains(t, page, "<script")
	for _, attr := range []string{`src="http`, `href="http`, "url(http", "@import"} {
		assert.NotContains(t, page, attr, "the page fetches nothing")
	}
}

// TestHTMLInChromium renders the page in headless Chromium, when the
// machine has it: the diagram is in the DOM it builds, and a screenshot
// comes out.
func TestHTMLInChromium(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium here (apt-get install chromium to run this test)")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "run.html")
	require.NoError(t, writeHTMLFile(page, htmlResults()))
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,900"}
	// A browser that fails to start now and then is the machine's
	// trouble, not the page's: one more try.
	chromium := func(args ...string) ([]byte, error) {
		out, err := exec.Command(browser, append(flags, args...)...).Output()
		if err != nil {
			out, err = exec.Command(browser, append(flags, args...)...).Output()
		}
		return out, err
	}
	dom, err := chromium("--dump-dom", "file://"+page)
	require.NoError(t, err)
	assert.Contains(t, string(dom), "<svg")
	assert.Contains(t, string(dom), "Chat/ChatA/broadcast")
	shot := filepath.Join(dir, "run.png")
	out, err := chromium("--screenshot="+shot, "file://"+page)
	require.NoError(t, err, "%s", out)
	info, err := os.Stat(shot)
	require.NoError(t, err)
	assert.Greater(t, info.Size(), int64(10_000), "a screenshot of the page, not an empty one")
	if strings.Contains(os.Getenv("WORKBOOK_KEEP_SCREENSHOT"), "/") {
		data, _ := os.ReadFile(shot)
		require.NoError(t, os.WriteFile(os.Getenv("WORKBOOK_KEEP_SCREENSHOT"), data, 0o644))
	}
}
