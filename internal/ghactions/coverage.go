package ghactions

import "github.com/octosync/octosync/internal/plan"

// needsReview marks the changes of p that apply will send to Octocom, as
// runs (apply.Options.Runs) decides: drifted and withheld changes are
// shown but not applied unless forced, and need no review then. A plan
// with none needs no review at all. A nil runs is plan.Change.Applicable
// (no --force-drift, no --allow-mass-delete).
func needsReview(p *plan.Plan, runs func(plan.Change) bool) []bool {
	if runs == nil {
		runs = plan.Change.Applicable
	}
	need := make([]bool, len(p.Changes))
	for i, c := range p.Changes {
		need[i] = runs(c)
	}
	return need
}

// Unreviewed lists, for people, every change of now marked in need that
// none of the reviewed fingerprints shows with the same digest (the same
// action on the same resource, with the same content before and after):
// "new since the review: <label>" when no reviewed plan names the
// resource, "changed since the review: <label>" when one shows it with
// other content. Empty means every change that will be applied was seen
// by a reviewer. A reviewed fingerprint without per-change digests (a
// very large plan) covers nothing here; only an equal sum accepts it.
func Unreviewed(now Fingerprint, need []bool, reviewed []Fingerprint) []string {
	shown := map[ChangeDigest]bool{}
	labels := map[string]bool{}
	for _, fp := range reviewed {
		for _, d := range fp.Changes {
			shown[d] = true
			labels[d.Label] = true
		}
	}
	var out []string
	seen := map[ChangeDigest]bool{}
	for i, d := range now.Changes {
		if i >= len(need) || !need[i] || shown[d] || seen[d] {
			continue
		}
		seen[d] = true
		if labels[d.Label] {
			out = append(out, "changed since the review: "+d.Label)
		} else {
			out = append(out, "new since the review: "+d.Label)
		}
	}
	return out
}
