package rollback

import (
	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/pull"
)

// Rollback is a planned rollback: the changes to make live, and the file
// operations that then make the working tree agree with live. It is
// finished when returned; Execute carries it out.
type Rollback struct {
	// Plan holds the live changes, rendered and applied like any plan; it
	// is the planning pipeline's (or plan.Compute's) finished plan.
	Plan *plan.Plan
	// Files are the writes and removals in the working tree, each with a
	// slash path relative to the repository; only those that change a
	// file. A write whose Subject names a live id is made only when that
	// resource's change succeeded (or there was none); one without an id
	// only when every change succeeded.
	Files []pull.Op
	// Kept are the files (Kind pull.Skip) a rollback to a commit leaves
	// in place although the commit lacked them: their resources stay live
	// (a delete withheld, or drifted without --force-drift), and the
	// repository must go on agreeing with live.
	Kept []pull.Op
	// Subject and Details make the commit message: what was rolled back,
	// from which version to which.
	Subject string
	Details []string

	root string
}

// HasWork reports whether executing the rollback with opts would change
// anything: a live change apply executes, or a file.
func (r *Rollback) HasWork(opts apply.Options) bool {
	return apply.HasWork(r.Plan, opts) || len(r.Files) > 0
}

// Root is the repository the files are relative to.
func (r *Rollback) Root() string { return r.root }
