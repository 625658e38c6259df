package ghactions

import (
	"fmt"
	"os"
	"strings"
)

// SummaryLimit is GitHub's limit on one step's summary: 1 MiB. A larger
// summary is not shown at all, so AppendSummary cuts before it.
const SummaryLimit = 1 << 20

// summaryCut is the line that ends a summary cut at the limit; %s names
// where the whole report is.
const summaryCut = "\n\n---\n**The rest of this report is cut here:** GitHub shows at most 1 MiB of step summary. %s\n"

// AppendSummary appends markdown to the step summary file at path
// ($GITHUB_STEP_SUMMARY), keeping the file under SummaryLimit: what does not
// fit is cut at a line boundary and replaced by a line that says so and
// points to whole (for example "the whole plan is in the plan-json
// output"). path "" writes nothing.
func AppendSummary(path, markdown, whole string) error {
	if path == "" {
		return nil
	}
	used := int64(0)
	if fi, err := os.Stat(path); err == nil {
		used = fi.Size()
	}
	room := SummaryLimit - int(used)
	if len(markdown) > room {
		markdown = cutSummary(markdown, room, whole)
	}
	if markdown == "" {
		return nil
	}
	return appendFile(path, markdown)
}

// cutSummary shortens markdown to at most room bytes, the cut line
// included, cutting after a whole line.
func cutSummary(markdown string, room int, whole string) string {
	note := fmt.Sprintf(summaryCut, whole)
	keep := room - len(note) - len("```\n")
	if keep <= 0 {
		return ""
	}
	head := markdown[:keep]
	if i := strings.LastIndexByte(head, '\n'); i >= 0 {
		head = head[:i+1]
	} else {
		head = ""
	}
	// A cut inside a fenced block would swallow the note into it.
	if strings.Count(head, "```")%2 == 1 {
		head += "```\n"
	}
	return head + note
}
