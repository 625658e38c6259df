package rollback

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// MatchVersions decides, for each update and restore of p that apply will
// execute, between the restore endpoint and a PUT: when a server version
// of the resource holds exactly the change's After, the newest such version
// is restored instead (the update's RestoreVersion is set; a restore
// brings back that version, with nothing left to update), so the
// resource's lineage says "restored from vN". Only those resources' version
// histories are fetched, within the provider's parallelism bound.
func MatchVersions(ctx context.Context, prov provider.Provider, p *plan.Plan, forceDrift bool) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(provider.ParallelismOf(prov))
	for i := range p.Changes {
		c := &p.Changes[i]
		if (c.Action != plan.Update && c.Action != plan.Restore) || c.Withheld != "" || (c.Drift != nil && !forceDrift) ||
			(c.Action == plan.Update && c.RestoreVersion > 0) { // reclaim chose it already
			continue
		}
		g.Go(func() error {
			vs, err := prov.Versions(gctx, c.Key.Business, c.Key.Kind, c.Key.ID)
			if err != nil {
				return fmt.Errorf("%s: version history: %w", c.Key, err)
			}
			if n, ok := matching(vs, c.After); ok {
				c.RestoreVersion = n
				if c.Action == plan.Restore {
					c.Fields = nil
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// matching returns the newest version (vs is newest first) whose content
// equals after; deletes hold no content of their own.
func matching(vs []provider.Version, after resource.Spec) (int, bool) {
	for _, v := range vs {
		if v.ChangeType != provider.ChangeDelete && v.Snapshot != nil && resource.Equal(v.Snapshot, after) {
			return v.Number, true
		}
	}
	return 0, false
}
