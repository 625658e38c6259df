package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/doctor"
)

// Doctor writes a doctor report for a terminal: a line per check, ✓ or
// ✗, its details and what it breaks, then the verdict. Every line from the server
// (slugs, field names, error messages) is escaped.
func Doctor(w io.Writer, r *doctor.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "octosync doctor: %s\n", visible(r.Target))
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\n%s\n", visible(s.Title))
		for _, c := range s.Checks {
			mark := "✓"
			switch {
			case c.Skipped:
				mark = "–"
			case !c.OK:
				mark = "✗"
			}
			fmt.Fprintf(&b, "  %s %s\n", mark, visible(c.Text))
			for _, d := range c.Details {
				fmt.Fprintf(&b, "      %s\n", visible(d))
			}
			if c.Breaks != "" {
				fmt.Fprintf(&b, "      breaks: %s\n", visible(c.Breaks))
			}
		}
	}
	all, failed := r.Counts()
	switch {
	case failed == 0 && r.Spec:
		b.WriteString("\nThe document promises everything octosync uses.\n")
	case failed == 0:
		fmt.Fprintf(&b, "\nAll %d checks passed: octosync can work with this API.\n", all)
	case r.Spec:
		fmt.Fprintf(&b, "\n%d difference(s): octosync relies on something the document does not promise; see docs/api-client.md before the first apply.\n", failed)
	default:
		fmt.Fprintf(&b, "\n%d of %d checks failed: octosync would fail where each says; see docs/api-client.md before the first apply.\n", failed, all)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
