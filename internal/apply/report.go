package apply

import (
	"github.com/octosync/octosync/internal/plan"
)

// Outcome is what happened to one change.
type Outcome string

const (
	Applied Outcome = "applied"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped"
)

// Result is the outcome of one change.
type Result struct {
	Change  plan.Change
	Outcome Outcome
	// Reason explains a skip or a failure in words for the report.
	Reason string
	// Err is the underlying error of a failure.
	Err error
	// ID and Version are the live resource after the change (creates,
	// updates, restores).
	ID      string
	Version int
	// Adopted is set when a create's answer was lost and the resource was
	// found live afterwards instead of being created again.
	Adopted bool

	key string // the Idempotency-Key of a pending create's last attempt
}

// Report is the outcome of one apply run, in plan order.
type Report struct {
	Results     []Result
	Interrupted bool
}

// Count returns how many results had outcome o.
func (r *Report) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// OK reports whether nothing failed and the run was not interrupted.
func (r *Report) OK() bool { return !r.Interrupted && r.Count(Failed) == 0 }
