package rollback

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// reclaim pairs each create of p with a delete of the same business and
// kind whose resource once held exactly the create's content: a resource
// renamed since the commit, whose file there has no id (so the plan, binding
// by title, sees a new resource and an unclaimed old one). The pair becomes
// one update of that resource through the restore of that version, instead
// of a second resource beside the first. The delete's drift, if any, stays
// with the update, so drift is still refused. Only the histories of
// resources planned for deletion in a business and kind with a create are
// fetched.
func reclaim(ctx context.Context, prov provider.Provider, p *plan.Plan) error {
	histories, err := deleteHistories(ctx, prov, p)
	if err != nil || len(histories) == 0 {
		return err
	}
	claimed := map[string]bool{}
	for i, c := range p.Changes {
		if c.Action != plan.Create || c.Withheld != "" {
			continue
		}
		for _, d := range p.Changes {
			if d.Action != plan.Delete || claimed[d.Key.ID] || d.Key.Business != c.Key.Business || d.Key.Kind != c.Key.Kind {
				continue
			}
			if n, ok := matching(histories[d.Key.ID], c.After); ok {
				claimed[d.Key.ID] = true
				p.Changes[i] = plan.Change{
					Action: plan.Update, Key: resource.Key{Business: c.Key.Business, Kind: c.Key.Kind, Title: c.Key.Title, ID: d.Key.ID},
					Path: c.Path, LiveVersion: d.LiveVersion, RestoreVersion: n,
					Before: d.Before, After: c.After, Fields: resource.Diff(d.Before, c.After), Drift: d.Drift,
				}
				break
			}
		}
	}
	p.Changes = slices.DeleteFunc(p.Changes, func(c plan.Change) bool { return c.Action == plan.Delete && claimed[c.Key.ID] })
	slices.SortStableFunc(p.Changes, func(a, b plan.Change) int {
		return cmp.Or(a.Key.Compare(b.Key), cmp.Compare(a.Path, b.Path))
	})
	return nil
}

// deleteHistories fetches the version history of every delete of p whose
// business and kind also have a create, by live id.
func deleteHistories(ctx context.Context, prov provider.Provider, p *plan.Plan) (map[string][]provider.Version, error) {
	type group struct {
		business string
		kind     resource.Kind
	}
	creates := map[group]bool{}
	for _, c := range p.Changes {
		if c.Action == plan.Create && c.Withheld == "" {
			creates[group{c.Key.Business, c.Key.Kind}] = true
		}
	}
	out := map[string][]provider.Version{}
	var keys []resource.Key
	for _, c := range p.Changes {
		if c.Action == plan.Delete && creates[group{c.Key.Business, c.Key.Kind}] {
			keys = append(keys, c.Key)
		}
	}
	results := make([][]provider.Version, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(provider.ParallelismOf(prov))
	for i, k := range keys {
		g.Go(func() error {
			vs, err := prov.Versions(gctx, k.Business, k.Kind, k.ID)
			if err != nil {
				return fmt.Errorf("%s: version history: %w", k, err)
			}
			results[i] = vs
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, k := range keys {
		out[k.ID] = results[i]
	}
	return out, nil
}
