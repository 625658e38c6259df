package live

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
)

// AnnotateDrift names who made each drifted live content and when, from the
// newest entry of the resource's version history. Only drifted changes cost
// a request, at most provider.ParallelismOf(p) at once.
func AnnotateDrift(ctx context.Context, p provider.Provider, pl *plan.Plan) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(provider.ParallelismOf(p))
	for i := range pl.Changes {
		c := &pl.Changes[i]
		if c.Drift == nil || c.Key.ID == "" {
			continue
		}
		g.Go(func() error {
			vs, err := p.Versions(gctx, c.Key.Business, c.Key.Kind, c.Key.ID)
			if err != nil {
				return fmt.Errorf("%s: version history: %w", c.Key, err)
			}
			if len(vs) > 0 {
				v := vs[0]
				c.Drift.Author = v.Author
				c.Drift.At = v.CreatedAt
				c.Drift.Version = v.Number
			}
			return nil
		})
	}
	return g.Wait()
}
