package history

import (
	"context"
	"slices"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// Query says whose history Read returns: the resources of Docs, or every
// live resource of Business (a business folder; of Kinds, nil means all),
// in the environment Env (nil without environments).
type Query struct {
	Docs     []*document.Document
	Business string
	Kinds    []resource.Kind
	Env      *config.Environment
	Options
}

// Read fetches the live resources the query involves (list pages of their
// businesses and kinds only), binds them to the files and builds their
// histories.
func Read(ctx context.Context, prov provider.Provider, repo *source.Repo, commits *Commits, q Query) ([]History, error) {
	targets, err := Targets(ctx, prov, repo, q)
	if err != nil {
		return nil, err
	}
	return Build(ctx, prov, targets, commits, q.Options)
}

// Targets fetches the live resources the query involves (under the live
// slugs of q.Env's businesses) and binds them to the files as q.Env sees
// them (see Resolve and Business).
func Targets(ctx context.Context, prov provider.Provider, repo *source.Repo, q Query) ([]Target, error) {
	var businesses []string
	kinds := q.Kinds
	if q.Business != "" {
		businesses = []string{q.Env.Slug(q.Business)}
	}
	for _, d := range q.Docs {
		if b := q.Env.Slug(source.BusinessOf(d.Path)); !slices.Contains(businesses, b) {
			businesses = append(businesses, b)
		}
		if !slices.Contains(kinds, d.Kind) {
			kinds = append(kinds, d.Kind)
		}
	}
	slices.Sort(businesses)
	st, err := live.Fetch(ctx, prov, live.Options{Businesses: businesses, Kinds: kinds})
	if err != nil {
		return nil, err
	}
	if q.Business != "" {
		return Business(repo, q.Env, st.Resources, q.Business, q.Kinds)
	}
	return Resolve(repo, q.Env, st.Resources, q.Docs)
}
