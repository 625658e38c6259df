package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/octosync/octosync/internal/bases"
	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/environment"
	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// ErrNoHistory is returned (wrapped) by Build when Input.RequireHistory is
// set and the repository's git history cannot be read.
var ErrNoHistory = errors.New("drift detection needs the repository's git history")

// Input is what a plan is built from besides the provider.
type Input struct {
	// Desired is the repository's state. Its Businesses are the ones
	// fetched; with AllBusinesses every business of the organization is
	// fetched and managed (a bulk export).
	Desired       plan.Desired
	AllBusinesses bool
	// Root is the git work tree whose history tells drift from content
	// the repository is ahead of; empty means none (everything differing
	// plans as an update). DefaultLanguage is the repository's default
	// article language, which history needs to parse old files.
	Root            string
	DefaultLanguage string
	// RequireHistory makes a missing or shallow history an error instead
	// of a warning (pull --drift-only cannot work without it).
	RequireHistory bool
	// Env is the environment of octosync.yaml planned for, nil without
	// environments. Desired is given as the files say it (folders,
	// placeholders, the id environment's ids) and planned as Env sees it
	// (package environment), and so are the drift bases. opts.Businesses
	// name folders too.
	Env *config.Environment
	// Load, when set, reads the desired resources while live state is
	// fetched, so that reading and checking a repository hides behind
	// the network instead of adding to it. Desired.Businesses must be
	// known before (the fetch needs them); Load's resources replace
	// Desired.Resources and its warnings follow the caller's. An error
	// of Load cancels the fetch and is returned rather than the fetch's:
	// a broken repository is the first thing to fix.
	Load func(ctx context.Context) (Loaded, error)
	// Observer, when set, follows the fetch business by business
	// (live.Observer): a bulk export writes each business while the
	// others are still fetched.
	Observer live.Observer
}

// Loaded is what Input.Load reads.
type Loaded struct {
	Resources []resource.Resource
	Warnings  []string
}

// Result is a finished plan and the live state it was planned against.
type Result struct {
	Plan *plan.Plan
	// Businesses are the businesses planned, sorted: Desired.Businesses,
	// or with AllBusinesses every business of the organization.
	Businesses []string
	// Live is the live state planned against, soft-deleted resources
	// included, for callers that derive more from it (rollback).
	Live []resource.Resource
}

// Build fetches live state, reads git history only when something needs
// classifying, names the authors of drift and computes the plan once.
// opts.Bases, History and Authors are set here; everything else in opts is
// the caller's.
func Build(ctx context.Context, p provider.Provider, in Input, opts plan.Options) (*Result, error) {
	var err error
	if in.Desired, err = environment.Desired(in.Desired, in.Env); err != nil {
		return nil, err
	}
	if in.Env != nil {
		opts.Environment = in.Env.Name
		opts.Businesses = slices.Clone(opts.Businesses)
		for i, b := range opts.Businesses {
			opts.Businesses[i] = in.Env.Slug(b)
		}
	}
	businesses := in.Desired.Businesses
	if len(opts.Businesses) > 0 && !in.AllBusinesses {
		businesses = opts.Businesses
	}
	fetch := live.Options{Businesses: businesses, Kinds: opts.Kinds, Observer: in.Observer}
	if in.AllBusinesses {
		fetch.Businesses = nil
		if len(opts.Businesses) > 0 {
			fetch.Businesses = opts.Businesses
		}
	}
	st, loaded, err := fetchAndLoad(ctx, p, fetch, in.Load)
	if err != nil {
		return nil, err
	}
	if in.Load != nil {
		d, err := environment.Desired(plan.Desired{Resources: loaded.Resources}, in.Env)
		if err != nil {
			return nil, err
		}
		in.Desired.Resources = d.Resources
		opts.Warnings = append(opts.Warnings, loaded.Warnings...)
	}
	if in.AllBusinesses {
		businesses = fetch.Businesses
		if businesses == nil {
			for _, b := range st.Businesses {
				businesses = append(businesses, b.Slug)
			}
		}
	}
	desired := plan.Desired{Businesses: businesses, Resources: in.Desired.Resources}
	liveState := plan.Live{Resources: st.Resources}

	pl, err := classify(ctx, p, in, desired, liveState, opts)
	if err != nil {
		return nil, err
	}
	return &Result{Plan: pl, Businesses: businesses, Live: st.Resources}, nil
}

// fetchAndLoad fetches live state and, when load is set, runs it at the
// same time. load's error wins over the fetch's, and cancels it.
func fetchAndLoad(ctx context.Context, p provider.Provider, fetch live.Options, load func(context.Context) (Loaded, error)) (*live.State, Loaded, error) {
	if load == nil {
		st, err := live.Fetch(ctx, p, fetch)
		return st, Loaded{}, err
	}
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		st       *live.State
		fetchErr error
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		st, fetchErr = live.Fetch(fctx, p, fetch)
	}()
	loaded, err := load(ctx)
	if err != nil {
		cancel()
	}
	<-done
	if err != nil {
		return nil, Loaded{}, err
	}
	return st, loaded, fetchErr
}

// classify computes the plan, reading git history only when the plan
// without it has a difference history could explain (or the caller
// requires it), and the authors of drift only when history finds some.
// Each stage's plan is final when the next stage has nothing to add, so an
// in-sync organization costs one Compute and drift at most three.
func classify(ctx context.Context, p provider.Provider, in Input, desired plan.Desired, liveState plan.Live, opts plan.Options) (*plan.Plan, error) {
	if in.Root == "" && !in.RequireHistory && !opts.Rollback {
		// No history to read (a bulk export): the first plan is final.
		opts.History = plan.HistoryNone
		return plan.Compute(desired, liveState, opts)
	}
	pl, err := plan.Compute(desired, liveState, opts)
	if err != nil || (!pl.NeedsHistory() && !in.RequireHistory) {
		return pl, err
	}
	loaded, status, warning, err := loadHistory(ctx, in)
	if err != nil {
		return nil, err
	}
	opts.History = status
	if warning != "" {
		opts.Warnings = append([]string{warning}, opts.Warnings...)
	}
	opts.Bases = loaded
	if pl, err = plan.Compute(desired, liveState, opts); err != nil {
		return nil, err
	}
	if opts.Rollback {
		return rollbackStage(ctx, p, desired, liveState, opts, pl)
	}
	drifted := pl.DriftedKeys()
	if len(drifted) == 0 {
		return pl, nil
	}
	if opts.Authors, err = live.Authors(ctx, p, drifted); err != nil {
		return nil, err
	}
	return plan.Compute(desired, liveState, opts)
}

// rollbackStage finishes a rollback's plan: the version histories its
// rules need (plan.Plan.VersionsWanted) and the authors of its drift come
// from one fetch of each resource's history, then the plan is computed
// once more with both.
func rollbackStage(ctx context.Context, p provider.Provider, desired plan.Desired, liveState plan.Live, opts plan.Options, pl *plan.Plan) (*plan.Plan, error) {
	keys := append(pl.DriftedKeys(), pl.VersionsWanted()...)
	if len(keys) == 0 {
		return pl, nil
	}
	slices.SortFunc(keys, resource.Key.Compare)
	keys = slices.CompactFunc(keys, func(a, b resource.Key) bool { return a.ID == b.ID })
	hs, err := live.Histories(ctx, p, keys)
	if err != nil {
		return nil, err
	}
	opts.Versions, opts.Authors = hs, live.Newest(hs)
	return plan.Compute(desired, liveState, opts)
}

// loadHistory reads the drift bases of in.Root. A missing or shallow
// history is a status and a warning, unless in.RequireHistory.
func loadHistory(ctx context.Context, in Input) (plan.Bases, plan.HistoryStatus, string, error) {
	if in.Root == "" {
		if in.RequireHistory {
			return nil, plan.HistoryNone, "", ErrNoHistory
		}
		return nil, plan.HistoryNone, "", nil
	}
	loaded, err := bases.Load(ctx, in.Root, bases.Options{DefaultLanguage: in.DefaultLanguage, Render: environment.RenderBase(in.Env)})
	var status plan.HistoryStatus
	switch {
	case err == nil:
		return environment.Bases(loaded, in.Env), plan.HistoryRead, "", nil
	case errors.Is(err, bases.ErrShallow):
		status = plan.HistoryShallow
	case errors.Is(err, bases.ErrNoHistory):
		status = plan.HistoryNone
	default:
		return nil, "", "", err
	}
	if in.RequireHistory {
		return nil, status, "", fmt.Errorf("%w: %w", ErrNoHistory, err)
	}
	return nil, status, fmt.Sprintf("drift detection is off: %v. Until then every difference is planned as an update.", err), nil
}
