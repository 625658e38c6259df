package apply

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Options tune a run.
type Options struct {
	// ForceDrift applies changes that would overwrite drift.
	ForceDrift bool
	// AllowMassDelete executes deletes the plan withheld only as a mass
	// delete (--allow-mass-delete given to apply for a saved plan).
	AllowMassDelete bool
	// Parallelism bounds how many changes of one level run at once (the
	// provider bounds the HTTP requests themselves). Default 8.
	Parallelism int
	// Hook observes progress; nil for none.
	Hook Hook
	// MaxCreateAttempts bounds POST attempts per create. Default 4.
	MaxCreateAttempts int
}

// Run executes p's changes through prov and reports every outcome. It never
// returns early on a change's failure; ctx cancellation stops new changes.
func Run(ctx context.Context, prov provider.Provider, p *plan.Plan, opts Options) *Report {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 8
	}
	if opts.MaxCreateAttempts <= 0 {
		opts.MaxCreateAttempts = 4
	}
	hook := opts.Hook
	if hook == nil {
		hook = nopHook{}
	}
	r := &runner{prov: prov, opts: opts}

	levels := p.Levels(opts.Allow())
	var results []Result
	total := 0
	for _, lvl := range levels {
		for _, c := range lvl {
			if c.Runs(opts.Allow()) {
				total++
			}
		}
	}
	hook.Start(total)

	// Requests in flight finish even after ctx is cancelled: an interrupted
	// write would leave its outcome unknown for no gain.
	work := context.WithoutCancel(ctx)
	for _, lvl := range levels {
		out := make([]Result, len(lvl))
		var g errgroup.Group
		g.SetLimit(opts.Parallelism)
		for i, c := range lvl {
			if h := c.Held(opts.Allow()); h != "" {
				out[i] = Result{Change: c, Outcome: Skipped, Reason: c.HoldText(h)}
				continue
			}
			g.Go(func() error {
				// A change waiting for a slot when the signal came is
				// never started.
				if ctx.Err() != nil {
					out[i] = Result{Change: c, Outcome: Skipped, Reason: "interrupted before it started"}
					return nil
				}
				res := r.apply(work, c)
				out[i] = res
				if res.Outcome != pending {
					hook.Done(res)
				}
				return nil
			})
		}
		_ = g.Wait() // every goroutine returns nil: outcomes are in out
		// Creates whose answer was lost are settled once the stage's other
		// writes are done, one at a time: the list they check against is
		// then stable.
		for i, res := range out {
			if res.Outcome == pending {
				out[i] = r.settleCreate(work, res.Change, res.key)
				out[i].Change = res.Change
				hook.Done(out[i])
			}
		}
		results = append(results, out...)
	}
	return &Report{Results: results, Interrupted: ctx.Err() != nil}
}

type runner struct {
	prov provider.Provider
	opts Options
}

// Allow is what o lets through beyond the plan; plan.Change.Held decides
// with it whether a change runs.
func (o Options) Allow() plan.Allow {
	return plan.Allow{ForceDrift: o.ForceDrift, MassDelete: o.AllowMassDelete}
}

// HasWork reports whether Run would execute any change of p under opts.
func HasWork(p *plan.Plan, opts Options) bool {
	for _, c := range p.Changes {
		if c.Runs(opts.Allow()) {
			return true
		}
	}
	return false
}

func (r *runner) apply(ctx context.Context, c plan.Change) Result {
	var res Result
	switch c.Action {
	case plan.Create:
		res = r.create(ctx, c)
	case plan.Update:
		res = r.update(ctx, c)
	case plan.Delete:
		res = r.delete(ctx, c)
	case plan.Restore:
		res = r.restore(ctx, c)
	default:
		res = Result{Outcome: Failed, Err: fmt.Errorf("unknown action %q", c.Action)}
	}
	res.Change = c
	if res.Outcome == Failed && res.Reason == "" && res.Err != nil {
		res.Reason = explain(res.Err)
	}
	return res
}

// pending marks a create whose answer was lost; Run settles it after the
// stage.
const pending Outcome = "pending"

func (r *runner) create(ctx context.Context, c plan.Change) Result {
	return r.createChain(ctx, c, createKey(c))
}

// settleCreate finishes a create whose answer was lost: it looks for the
// resource live and adopts it, or sends the create again (with the key of
// the lost attempt) and looks again, up to MaxCreateAttempts in all.
func (r *runner) settleCreate(ctx context.Context, c plan.Change, key string) Result {
	var lastErr error = provider.ErrOutcomeUnknown
	for attempt := 2; attempt <= r.opts.MaxCreateAttempts+1; attempt++ {
		found, err := r.findCreated(ctx, c)
		if err != nil {
			return Result{Outcome: Failed, Err: fmt.Errorf("%w; listing to check whether it was created also failed: %v", lastErr, err)}
		}
		if found != nil {
			return Result{Outcome: Applied, ID: found.ID, Version: found.Meta.Version, Adopted: true}
		}
		if attempt > r.opts.MaxCreateAttempts {
			break
		}
		res := r.createChain(ctx, c, key)
		if res.Outcome != pending {
			return res
		}
		key, lastErr = res.key, res.Err
	}
	return Result{Outcome: Failed, Err: lastErr}
}

// findCreated looks for a live, non-deleted resource with the change's title
// and desired content. A list that fails is tried again a few times: a
// reading that cannot tell is not an answer.
func (r *runner) findCreated(ctx context.Context, c plan.Change) (*resource.Resource, error) {
	var live []resource.Resource
	var err error
	for try := 0; try < 3; try++ {
		if live, err = r.prov.List(ctx, c.Key.Business, c.After.Kind(), provider.ListOptions{}); err == nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	for i := range live {
		live[i].Business = c.Key.Business
	}
	for _, l := range plan.Candidates(live, c.Key.Business, c.After) {
		if resource.Equal(l.Spec, c.After) {
			return &l, nil
		}
	}
	return nil, nil
}

func (r *runner) update(ctx context.Context, c plan.Change) Result {
	updated, err := r.prov.Update(ctx, c.Key.Business, c.Key.ID, c.After, c.Unmanaged, c.LiveVersion)
	if err == nil {
		return Result{Outcome: Applied, ID: updated.ID, Version: updated.Meta.Version}
	}
	if errors.Is(err, provider.ErrOutcomeUnknown) {
		if cur, gerr := r.prov.Get(ctx, c.Key.Business, c.After.Kind(), c.Key.ID); gerr == nil && resource.Equal(cur.Spec, c.After) {
			return Result{Outcome: Applied, ID: cur.ID, Version: cur.Meta.Version}
		}
	}
	return Result{Outcome: Failed, Err: err}
}

func (r *runner) delete(ctx context.Context, c plan.Change) Result {
	kind := c.Key.Kind
	err := r.prov.Delete(ctx, c.Key.Business, kind, c.Key.ID, c.LiveVersion)
	if err == nil {
		return Result{Outcome: Applied, ID: c.Key.ID}
	}
	if errors.Is(err, provider.ErrOutcomeUnknown) || errors.Is(err, provider.ErrNotFound) {
		// A lost answer, or a retry after the delete already happened.
		if cur, gerr := r.prov.Get(ctx, c.Key.Business, kind, c.Key.ID); gerr == nil && cur.Deleted() {
			return Result{Outcome: Applied, ID: c.Key.ID, Version: cur.Meta.Version}
		}
	}
	return Result{Outcome: Failed, Err: err}
}

// restore brings back version RestoreVersion through the restore endpoint,
// keeping the resource's history ("restored from vN") where a PUT would not
// (and undeleting it), then updates it when the file differs from the
// restored content.
func (r *runner) restore(ctx context.Context, c plan.Change) Result {
	kind := c.Key.Kind
	restored, err := r.prov.Restore(ctx, c.Key.Business, kind, c.Key.ID, c.RestoreVersion, c.LiveVersion)
	if err != nil {
		if !errors.Is(err, provider.ErrOutcomeUnknown) {
			return Result{Outcome: Failed, Err: err}
		}
		cur, gerr := r.prov.Get(ctx, c.Key.Business, kind, c.Key.ID)
		if gerr != nil || cur.Deleted() {
			return Result{Outcome: Failed, Err: err}
		}
		restored = cur
	}
	if resource.Equal(restored.Spec, c.After) {
		return Result{Outcome: Applied, ID: restored.ID, Version: restored.Meta.Version}
	}
	updated, err := r.prov.Update(ctx, c.Key.Business, c.Key.ID, c.After, restored.Unmanaged, restored.Meta.Version)
	if err != nil {
		return Result{Outcome: Failed, Err: fmt.Errorf("restored as version %d, then the update to the file's content failed: %w", restored.Meta.Version, err), ID: restored.ID}
	}
	return Result{Outcome: Applied, ID: updated.ID, Version: updated.Meta.Version}
}

// explain turns an error into the reason shown in the report.
func explain(err error) string {
	switch {
	case errors.Is(err, provider.ErrConflict):
		return "changed since plan: someone edited it after the plan was made; run plan again"
	case errors.Is(err, provider.ErrNotFound):
		return "no longer exists live: run plan again"
	default:
		return err.Error()
	}
}
