package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/apply"
)

// ApplyMarkdown writes an apply report for a GitHub step summary or a
// pull-request comment: a heading, the counts, then one line per change in
// plan order (failures with the API's reason). Titles and reasons are
// escaped so that no content can inject Markdown or HTML.
func ApplyMarkdown(w io.Writer, r *apply.Report) error {
	var b strings.Builder
	b.WriteString("### octosync apply\n\n")
	b.WriteString(ApplySummaryLine(r) + "\n")
	if len(r.Results) > 0 {
		b.WriteString("\n")
	}
	for _, res := range r.Results {
		c := res.Change
		line := fmt.Sprintf("- **%s** %s <code>%s</code> %s in %s", res.Outcome, c.Action, htmlText(c.Key.Title), c.Key.Kind, htmlText(c.Key.Business))
		if res.Reason != "" {
			line += ": " + htmlText(res.Reason)
		}
		b.WriteString(line + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ApplySummaryLine is the one-line verdict of an apply report: "3 applied,
// 0 failed, 1 skipped", plus a note when interrupted.
func ApplySummaryLine(r *apply.Report) string {
	s := fmt.Sprintf("%d applied, %d failed, %d skipped", r.Count(apply.Applied), r.Count(apply.Failed), r.Count(apply.Skipped))
	if r.Interrupted {
		s += "; interrupted: the rest was not started"
	}
	return s
}
