package chattest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"tcpworkbook/kit/check"
)

var notWrittenYet = regexp.MustCompile(`not written yet \(TODO\((\d+)\)\)`)

// diagnose records the first symptom seen in the case; the report of a
// later failure shows it. A symptom seen in a case that passes is harmless.
func (cc *chatCase) diagnose(id string, todo int, reading string) {
	if cc.diagnosed {
		return
	}
	cc.diagnosed = true
	cc.Diagnose(check.Symptom{ID: id, Todo: todo, Reading: reading})
}

// saw looks at a line that the client called who, shown to the others as
// name or addr, has received, for a symptom. asked is the name it last
// asked for with /name, if any.
func (cc *chatCase) saw(who, name, addr, asked, line string) {
	if m := notWrittenYet.FindStringSubmatch(line); m != nil {
		todo, _ := strconv.Atoi(m[1])
		cc.diagnose(symptomNotWritten, todo, fmt.Sprintf(readNotWritten, who, check.Quote(line), todo))
		return
	}
	if strings.HasPrefix(line, "["+name+"]: ") || strings.HasPrefix(line, "["+addr+"]: ") {
		cc.diagnose(symptomSenderEcho, 2, fmt.Sprintf(readSenderEcho, who, check.Quote(line)))
		return
	}
	if line == "* "+addr+" joined\n" {
		cc.diagnose(symptomOwnNotice, 1, fmt.Sprintf(readOwnJoin, who, check.Quote(line)))
		return
	}
	if name != addr && line == "* "+addr+" is now "+name+"\n" { // its first rename: the one every check makes
		cc.diagnose(symptomOwnNotice, 3, fmt.Sprintf(readOwnRename, who, check.Quote(line)))
		return
	}
	if taken, ok := strings.CutPrefix(line, "* you are now "); ok {
		delete(cc.gone, strings.TrimSuffix(taken, "\n")) // the name is in use again
		return
	}
	if line == "error: name taken\n" && cc.gone[asked] {
		cc.diagnose(symptomDepartedStays, 1, fmt.Sprintf(readNameHeld, who, check.Quote(asked)))
		return
	}
	if list, ok := strings.CutPrefix(line, "* online: "); ok {
		for n := range strings.SplitSeq(strings.TrimSuffix(list, "\n"), ", ") {
			if cc.gone[n] {
				cc.diagnose(symptomDepartedStays, 1, fmt.Sprintf(readListed, n, who))
				return
			}
		}
	}
}

// left records that m has left the room, under every name it had.
func (m *member) left() {
	m.c.gone[m.addr] = true
	m.c.gone[m.name] = true
}

// ReadLine reads the next line, as check.Client.ReadLine does, and looks
// at it for a symptom.
func (m *member) ReadLine() string {
	m.c.Helper()
	line := m.Client.ReadLine()
	m.c.saw(m.Name, m.name, m.addr, m.asked, line)
	return line
}

// Send sends s, remembering a name asked for and a /quit.
func (m *member) Send(s string) {
	m.c.Helper()
	if name, ok := strings.CutPrefix(s, "/name "); ok {
		m.asked = strings.TrimSuffix(name, "\n")
	}
	m.Client.Send(s)
	if s == "/quit\n" {
		m.left()
	}
}

// Close closes m's connection: m leaves.
func (m *member) Close() {
	m.Client.Close()
	m.left()
}

// Reset resets m's connection: m leaves.
func (m *member) Reset() {
	m.Client.Reset()
	m.left()
}
