package main

import (
	"fmt"
	"html/template"
	"io"
	"os"
	"strings"
	"time"
)

// The page -html writes: the whole run, one section per stage, and under
// each failing check its report and its traffic as a sequence diagram.
// It is one file that fetches nothing: no script, no font, no style
// sheet from anywhere, so that it opens offline and can be handed in.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Workbook run, {{.When}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; } h3 { font-size: 1em; }
.pass { color: #1a7f37; } .fail { color: #cf222e; } .skip { color: #777; }
ul.checks { list-style: none; padding-left: 1em; columns: 2; }
pre { background: #f6f8fa; padding: .8em; overflow-x: auto; font-size: 13px; white-space: pre-wrap; }
svg { background: #fff; border: 1px solid #ddd; max-width: 100%; height: auto; }
svg text { font: 12px ui-monospace, monospace; }
</style></head><body>
<h1>Workbook run, {{.When}}</h1>
{{range .Stages}}<h2 class="{{.Class}}">{{.Title}}</h2>
<ul class="checks">{{range .Checks}}<li class="{{.Class}}">{{.Mark}} {{.Path}}</li>{{end}}</ul>
{{range .Failures}}<h3 class="fail">✗ {{.Path}}</h3>
{{if .Diagram}}<p>The traffic, client by client, oldest at the top:</p>
{{.Diagram}}{{end}}
<pre>{{.Message}}</pre>
{{end}}{{end}}
</body></html>
`))

type pageData struct {
	When   string
	Stages []pageStage
}

type pageStage struct {
	Title, Class string
	Checks       []pageCheck
	Failures     []pageFailure
}

type pageCheck struct{ Mark, Class, Path string }

type pageFailure struct {
	Path    string
	Message string
	Diagram template.HTML // an SVG built from escaped text only
}

// writeHTML writes results as the page.
func writeHTML(w io.Writer, results []*stageResult, when time.Time) error {
	data := pageData{When: when.Format("2006-01-02 15:04")}
	for _, r := range results {
		if r == nil {
			continue
		}
		pass, total, _ := r.Counts()
		ps := pageStage{Title: fmt.Sprintf("%02d %s: %d of %d checks pass", r.Stage.Num, r.Stage.Name, pass, total), Class: "fail"}
		if r.Status == passed {
			ps.Class = "pass"
		}
		for _, c := range r.Checks {
			pc := pageCheck{Mark: "✗", Class: "fail", Path: c.Path}
			switch c.Action {
			case "pass":
				pc.Mark, pc.Class = "✓", "pass"
			case "skip":
				pc.Mark, pc.Class = "–", "skip"
			}
			ps.Checks = append(ps.Checks, pc)
			if c.Action != "fail" {
				continue
			}
			msg := r.FailureText(c)
			events, ok := decodeTraffic(c.Attr(attrTraffic))
			if !ok {
				events = parseTraffic(strings.Split(msg, "\n"))
			}
			ps.Failures = append(ps.Failures, pageFailure{Path: c.Path, Message: msg, Diagram: sequenceSVG(events)})
		}
		data.Stages = append(data.Stages, ps)
	}
	return pageTemplate.Execute(w, data)
}

// writeHTMLFile writes the page to path.
func writeHTMLFile(path string, results []*stageResult) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeHTML(f, results, time.Now()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
