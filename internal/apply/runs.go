package apply

import "github.com/octosync/octosync/internal/plan"

// Runs reports whether Run would execute c under o, for callers outside
// this package (apply --require-reviewed-plan asks it of every change that
// needs a review). It is plan.Change.Held's answer, the one there is.
func (o Options) Runs(c plan.Change) bool { return c.Runs(o.Allow()) }
