// Package pipeline builds a finished plan: the one path from a repository's
// desired state and a provider to a *plan.Plan that plan, apply, pull and
// rollback share (docs/design.md, "The planning pipeline").
//
// The steps, in order:
//
//	live.Fetch            one GET /businesses, then the list pages; at the
//	                      same time Input.Load reads and checks the
//	                      repository's files (its fixed cost hides behind
//	                      the network; its error wins and stops the fetch)
//	plan.Compute          without history: final unless Plan.NeedsHistory
//	bases.Load            only then: git history, the drift bases
//	plan.Compute          with them: final unless Plan.DriftedKeys
//	live.Authors          only for those: who made them (version history)
//	plan.Compute          with everything in its Options
//
// Each stage's plan is final when the next has nothing to add. The
// returned plan is never edited afterwards: sandbox, target, forced
// drift and the caller's warnings go in through Options. An organization
// already in sync costs its list requests and nothing else.
package pipeline
