package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/rollback"
)

// RollbackFiles lists the working-tree operations of a rollback under a
// heading, one per line: "~ path" for a rewrite, "+ path" for a new file,
// "- path" for a removal, "= path" for a file kept, each with its reason.
func RollbackFiles(w io.Writer, heading string, ops []pull.Op) error {
	var b strings.Builder
	b.WriteString(heading + "\n")
	for _, o := range ops {
		sym := "~"
		switch {
		case o.Kind == pull.Remove:
			sym = "-"
		case o.Kind == pull.Skip:
			sym = "="
		case o.New:
			sym = "+"
		}
		fmt.Fprintf(&b, "  %s %s (%s)\n", sym, visible(o.Path), visible(o.Reason))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// RollbackOutcome says which files a rollback changed and which it left
// alone, then the commit it made, or the next step: commit and merge the
// files, because until they are merged an apply from the default branch
// would undo the rollback.
func RollbackOutcome(w io.Writer, rb *rollback.Rollback, res *rollback.Result) error {
	var b strings.Builder
	if len(res.Files) > 0 {
		fmt.Fprintf(&b, "\nChanged %d file(s): %s\n", len(res.Files), visible(strings.Join(res.Files, ", ")))
	}
	if len(res.Held) > 0 {
		fmt.Fprintf(&b, "Left %d file(s) alone because their change failed: %s\n", len(res.Held), visible(strings.Join(res.Held, ", ")))
	}
	switch {
	case res.Commit != "":
		fmt.Fprintf(&b, "Committed %.7s: %s\nPush it and merge it into the default branch.\n", res.Commit, visible(rb.Subject))
	case len(res.Files) > 0:
		files := strings.Join(res.Files, " ")
		if len(res.Files) > 5 {
			files = "businesses"
		}
		fmt.Fprintf(&b, "\nNext: commit these files and merge them into the default branch (or roll back with --commit):\n  git -C %s add -A -- %s && git -C %s commit -m %s\n",
			visible(rb.Root()), visible(files), visible(rb.Root()), visible(strconv.Quote(rb.Subject)))
		b.WriteString("Until they are merged, an apply from the default branch would undo this rollback.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
