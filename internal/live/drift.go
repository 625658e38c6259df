package live

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Authors reads who made the live content of each drifted resource: the
// newest entry of its version history, by live id (the form
// plan.Options.Authors takes). One request per key, at most
// provider.ParallelismOf(p) at a time.
func Authors(ctx context.Context, p provider.Provider, keys []resource.Key) (map[string]provider.Version, error) {
	hs, err := Histories(ctx, p, keys)
	if err != nil {
		return nil, err
	}
	return Newest(hs), nil
}

// Newest is the newest version of each history of hs, by live id.
func Newest(hs map[string][]provider.Version) map[string]provider.Version {
	out := make(map[string]provider.Version, len(hs))
	for id, vs := range hs {
		if len(vs) > 0 {
			out[id] = vs[0]
		}
	}
	return out
}

// Histories fetches the version history (newest first) of each of keys,
// by live id, within the provider's parallelism bound.
func Histories(ctx context.Context, p provider.Provider, keys []resource.Key) (map[string][]provider.Version, error) {
	out := make(map[string][]provider.Version, len(keys))
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(provider.ParallelismOf(p))
	for _, k := range keys {
		g.Go(func() error {
			vs, err := p.Versions(gctx, k.Business, k.Kind, k.ID)
			if err != nil {
				return fmt.Errorf("%s: version history: %w", k, err)
			}
			mu.Lock()
			out[k.ID] = vs
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
