package check

import "encoding/json"

// maxTrafficEvents bounds the traffic attribute: the last events only.
const maxTrafficEvents = 200

// trafficEntry is one event of the traffic attribute.
type trafficEntry struct {
	Who  string `json:"who"`
	Dir  string `json:"dir"`
	Text string `json:"text"`
}

// trafficJSON is log as the traffic attribute's JSON, each message as the
// report shows it, long ones cut.
func trafficJSON(log []event) string {
	if len(log) > maxTrafficEvents {
		log = log[len(log)-maxTrafficEvents:]
	}
	out := make([]trafficEntry, 0, len(log))
	for _, e := range log {
		t := trafficEntry{Who: e.who, Text: shown(e)}
		switch e.kind {
		case evSent:
			t.Dir = "→"
		case evReceived:
			t.Dir = "←"
		case evLog:
			t.Dir = "log"
		}
		out = append(out, t)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "[]"
	}
	return string(b)
}
