package history

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Source says where a version's content came from.
type Source string

const (
	// FromCommit: a commit of the repository held the content.
	FromCommit Source = "commit"
	// FromDashboard: no commit ever held it (a dashboard edit, or another
	// API client's).
	FromDashboard Source = "dashboard"
	// FromUnknown: the history could not be read (outside git, shallow
	// clone), or the version is a delete, which has no content of its own.
	FromUnknown Source = "unknown"
)

// Entry is one version of a resource, attributed.
type Entry struct {
	provider.Version
	Source Source
	// Commit is set when Source is FromCommit.
	Commit *Commit
	// Live marks the version that is current (none when the resource is
	// deleted: its newest version is the delete).
	Live bool
	// WorkingTree marks the versions whose content the bound file holds.
	WorkingTree bool
}

// History is one resource's versions, newest first.
type History struct {
	Target Target
	// Total is how many versions the server holds; Entries may hold fewer
	// (Options.Max, Options.Since).
	Total   int
	Entries []Entry
}

// Options shape Build.
type Options struct {
	// Max keeps the newest Max versions of each resource; 0 keeps all.
	Max int
	// Since keeps versions made at or after it; zero keeps all. A resource
	// with no version left is left out.
	Since time.Time
}

// Build fetches and attributes the version history of each target, in the
// order given. Each history costs its pages of GET .../versions; at most
// the provider's parallelism bound are fetched at once.
func Build(ctx context.Context, prov provider.Provider, targets []Target, commits *Commits, opts Options) ([]History, error) {
	fetched := make([][]provider.Version, len(targets))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(provider.ParallelismOf(prov))
	for i, t := range targets {
		g.Go(func() error {
			vs, err := prov.Versions(gctx, t.Live.Business, t.Live.Kind(), t.Live.ID)
			if err != nil {
				return fmt.Errorf("%s: version history: %w", name(t), err)
			}
			fetched[i] = vs
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []History
	for i, t := range targets {
		h, err := attribute(t, fetched[i], commits, opts)
		if err != nil {
			return nil, err
		}
		if len(h.Entries) > 0 || opts.Since.IsZero() {
			out = append(out, h)
		}
	}
	return out, nil
}

// attribute turns a target's versions (newest first) into its History.
func attribute(t Target, vs []provider.Version, commits *Commits, opts Options) (History, error) {
	h := History{Target: t, Total: len(vs)}
	for _, v := range vs {
		if !opts.Since.IsZero() && v.CreatedAt.Before(opts.Since) {
			continue
		}
		if opts.Max > 0 && len(h.Entries) == opts.Max {
			break
		}
		e := Entry{Version: v, Source: FromUnknown}
		e.Live = v.Number == t.Live.Meta.Version && !t.Live.Deleted()
		e.WorkingTree = t.Spec != nil && v.ChangeType != provider.ChangeDelete && v.Snapshot != nil && resource.Equal(v.Snapshot, t.Spec)
		if v.ChangeType != provider.ChangeDelete && v.Snapshot != nil && commits.Known() {
			c, ok, err := commits.Find(t.Live.Business, v.Snapshot)
			if err != nil {
				return History{}, fmt.Errorf("%s: %w", name(t), err)
			}
			e.Source = FromDashboard
			if ok {
				e.Source, e.Commit = FromCommit, &c
			}
		}
		h.Entries = append(h.Entries, e)
	}
	return h, nil
}

// name is how errors name a target: its file, else its key.
func name(t Target) string {
	if p := t.Path(); p != "" {
		return p
	}
	return t.Live.Key().String()
}
