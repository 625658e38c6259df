package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/pull"
)

// RollbackFiles lists the working-tree operations of a rollback under a
// heading, one per line: "~ path" for a rewrite, "+ path" for a new file,
// "- path" for a removal, each with its reason.
func RollbackFiles(w io.Writer, heading string, ops []pull.Op) error {
	var b strings.Builder
	b.WriteString(heading + "\n")
	for _, o := range ops {
		sym := "~"
		switch {
		case o.Kind == pull.Remove:
			sym = "-"
		case o.New:
			sym = "+"
		}
		fmt.Fprintf(&b, "  %s %s (%s)\n", sym, visible(o.Path), visible(o.Reason))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
