package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// withhold marks deletes that apply must not execute: all of them without
// Prune; all of them, when the plan is a mass delete, without
// AllowMassDelete. Drifted deletes are counted and marked like the others:
// applying one needs --prune and --force-drift.
//
// A plan is a mass delete when it deletes more than MaxDeletes resources in
// total, or more than half of a business's live resources of one kind
// (ignored ones not counted) — even a single delete, when it is a
// business's only resource of that kind: emptying a kind is what the
// guard is for.
func withhold(deletes []Change, live []resource.Resource, opts Options) {
	if len(deletes) == 0 {
		return
	}
	if !opts.Prune {
		for i := range deletes {
			deletes[i].Withheld = HoldPrune
		}
		return
	}
	if opts.AllowMassDelete {
		return
	}
	// Drifted deletes (resources created in the dashboard) count only when
	// apply would execute them, with --force-drift: otherwise a few
	// dashboard additions could block every apply.
	var counted []int
	for i, c := range deletes {
		if c.Drift == nil || opts.ForceDrift {
			counted = append(counted, i)
		}
	}
	var reasons []string
	if m := opts.maxDeletes(); m >= 0 && len(counted) > m {
		reasons = append(reasons, fmt.Sprintf("%d > maxDeletes %d", len(counted), m))
	}
	type group struct {
		business string
		kind     resource.Kind
	}
	planned := map[group]int{}
	for _, i := range counted {
		planned[group{deletes[i].Key.Business, deletes[i].Key.Kind}]++
	}
	total := map[group]int{}
	for _, l := range live {
		g := group{l.Business, l.Kind()}
		if planned[g] > 0 && !l.Deleted() && !opts.ignored(l.Kind(), l.Title()) {
			total[g]++
		}
	}
	groups := make([]group, 0, len(planned))
	for g := range planned {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b group) int {
		return resource.Key{Business: a.business, Kind: a.kind}.Compare(resource.Key{Business: b.business, Kind: b.kind})
	})
	for _, g := range groups {
		if n := planned[g]; 2*n > total[g] {
			reasons = append(reasons, fmt.Sprintf("%d of %d live %s of %s", n, total[g], kindPlural(g.kind), g.business))
		}
	}
	if len(reasons) == 0 {
		return
	}
	detail := strings.Join(reasons, ", ")
	for _, i := range counted {
		deletes[i].Withheld = HoldMassDelete
		deletes[i].MassDeleteDetail = detail
	}
}
