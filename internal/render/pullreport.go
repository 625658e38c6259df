package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/pull"
)

// PullText writes pull's report: the target (as a plan names it), one line
// per file operation (+ new, ~ rewritten, - removed, ! skipped, with the
// reason), then a summary. p is the plan the pull inverted.
func PullText(w io.Writer, p *plan.Plan, ops []pull.Op, export bool, businesses int) error {
	var b strings.Builder
	if n := TargetNotice(p, VerbPull); n != "" {
		b.WriteString(n + "\n")
	}
	var written, created, removed int
	for _, o := range ops {
		sym := "~"
		switch {
		case o.Kind == pull.Skip:
			sym = "!"
		case o.Kind == pull.Remove:
			sym = "-"
			removed++
		case o.New:
			sym = "+"
			created++
		default:
			written++
		}
		fmt.Fprintf(&b, "  %s %s (%s)\n", sym, visible(o.Path), visible(o.Reason))
	}
	switch {
	case created+written+removed == 0:
		b.WriteString("Already up to date: the files match the live organization.\n")
	case export:
		fmt.Fprintf(&b, "Exported %d business(es): %d file(s) written.\n", businesses, created+written)
	default:
		fmt.Fprintf(&b, "Pulled: %d new, %d rewritten, %d removed.\n", created, written, removed)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
