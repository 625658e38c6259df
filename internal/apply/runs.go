package apply

import "github.com/octosync/octosync/internal/plan"

// Runs reports whether Run would execute c under o: the one answer to
// "will this change be applied", for callers outside this package (apply
// --require-reviewed-plan asks it of every change that needs a review).
func (o Options) Runs(c plan.Change) bool { return o.skipReason(c) == "" }
