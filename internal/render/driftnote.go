package render

import "github.com/octosync/octosync/internal/plan"

// DriftNote explains a drifted change in one plain-text sentence: who made
// the live content, when, and what apply and pull do about it ("edited in
// the dashboard by alice at 2026-11-02 09:30 UTC (version 4); apply leaves
// it alone ..."). Callers outside render use it for annotations and commit
// messages, so every place says drift the same way.
func DriftNote(c plan.Change) string { return driftNote(c) }
