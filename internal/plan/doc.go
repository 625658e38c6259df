// Package plan computes what apply would change: a Plan is data, built by the
// pure function Compute from three states — desired (the files), live (the
// API, soft-deleted resources included) and, optionally, the repository's
// history (Bases) — and nothing else.
//
// The model is Terraform's internal/plans:
//
//   - Compute binds each desired resource to a live one (by id, else by title
//     within its business and kind), classifies every pair and every
//     unmatched resource, and returns either a Plan or every binding problem
//     at once (AmbiguityError, ConflictError), never just the first.
//   - A Change says what to do (Action), to what (Key, Path, LiveVersion,
//     RestoreVersion, Deleted) and with which content (Before, After). Drift
//     and Withheld (a typed Hold: prune, mass-delete) mark changes that are
//     shown but that apply does not execute by default; Change.Held is the
//     one answer to "will this change run" under what apply was allowed.
//     Apply reads only Changes; Summary, Warnings and the renderings of
//     package render are for display.
//   - A rollback (Options.Rollback, with Options.Versions) plans through
//     the same Compute: its rules revive, reclaim and match (rollback.go)
//     turn what comes back into restores, so its plan is finished too.
//   - Levels orders the changes for apply by dependency level, written as a
//     table (see applyOrder).
//   - Marshal and Unmarshal are the saved-plan format (`plan --out`, `apply
//     plan.json`), format version 1; Unmarshal(Marshal(p)) equals p.
//
// Classification (docs/design.md §10):
//
//	desired + live, equal                     → nothing (counted in Unchanged)
//	desired + live, live content committed    → update (the repository is ahead)
//	desired + live, live content uncommitted  → update with Drift (apply skips it)
//	desired, no live                          → create
//	desired, id names a soft-deleted live     → restore (then update, when Fields is not empty),
//	                                            with Drift when history is read: the file still
//	                                            names it, so no commit asked for the delete
//	live only, content committed              → delete (withheld unless Prune)
//	live only, content uncommitted            → delete with Drift (made outside the repository)
//	live only, soft-deleted                   → nothing
//
// Without Bases (no git history) nothing is drift: every difference is an
// update and every live-only resource a delete candidate.
//
// Plans are deterministic: the same inputs in any order give byte-identical
// JSON.
package plan
