package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// ReasonPrune is the Withheld reason of every delete planned without
// Options.Prune.
const ReasonPrune = "pass --prune to delete"

// withhold marks deletes that apply must not execute: all of them without
// Prune; all of them, when the plan is a mass delete, without
// AllowMassDelete. Drifted deletes are counted and marked like the others:
// applying one needs --prune and --force-drift.
//
// A plan is a mass delete when it deletes more than MaxDeletes resources in
// total, or at least two and more than half of a business's live
// resources of one kind (ignored ones not counted). A single delete is
// never a mass delete by the second rule, or removing a business's only
// bot rule would need --allow-mass-delete.
func withhold(deletes []Change, live []resource.Resource, opts Options) {
	if len(deletes) == 0 {
		return
	}
	if !opts.Prune {
		for i := range deletes {
			deletes[i].Withheld = ReasonPrune
		}
		return
	}
	if opts.AllowMassDelete {
		return
	}
	var reasons []string
	if m := opts.maxDeletes(); m >= 0 && len(deletes) > m {
		reasons = append(reasons, fmt.Sprintf("%d > maxDeletes %d", len(deletes), m))
	}
	type group struct {
		business string
		kind     resource.Kind
	}
	planned := map[group]int{}
	for _, c := range deletes {
		planned[group{c.Key.Business, c.Key.Kind}]++
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
		if n := planned[g]; n >= 2 && 2*n > total[g] {
			reasons = append(reasons, fmt.Sprintf("%d of %d live %s of %s", n, total[g], kindPlural(g.kind), g.business))
		}
	}
	if len(reasons) == 0 {
		return
	}
	reason := "mass delete: " + strings.Join(reasons, ", ") + "; pass --allow-mass-delete"
	for i := range deletes {
		deletes[i].Withheld = reason
	}
}
