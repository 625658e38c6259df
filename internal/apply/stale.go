package apply

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/provider"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

// Stale is one planned change whose live resource moved since the plan was
// made (other than by the change itself).
type Stale struct {
	Change plan.Change
	Detail string
}

// StaleError lists every stale change of a saved plan.
type StaleError struct{ Stale []Stale }

func (e *StaleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the saved plan is stale: %d resource(s) changed since it was made; nothing was applied. Run `octosync plan --out` again.", len(e.Stale))
	for _, s := range e.Stale {
		fmt.Fprintf(&b, "\n  %s %s: %s", s.Change.Action, s.Change.Key, s.Detail)
	}
	return b.String()
}

// Reconcile compares a saved plan with the live resources now (soft-deleted
// included). Changes whose effect is already live (an earlier, interrupted
// run of the same plan made them) are taken out and returned as done, so a
// rerun converges; any other planned resource that moved since the plan
// makes the whole plan stale (*StaleError). Changes opts would not execute
// (withheld, or drifted without ForceDrift) stay as they are. A create is
// live already when the one live resource its file would bind to by title
// (plan.Candidates) holds its content.
func Reconcile(p *plan.Plan, live []resource.Resource, opts Options) (remaining *plan.Plan, done []plan.Change, err error) {
	byID := map[string]resource.Resource{}
	for _, r := range live {
		byID[r.ID] = r
	}
	var stale []Stale
	out := *p
	out.Changes = nil
	for _, c := range p.Changes {
		if h := c.Held(opts.Allow()); h == plan.HoldPrune || h == plan.HoldMassDelete {
			out.Changes = append(out.Changes, c)
			continue
		}
		applied, detail := false, ""
		switch c.Action {
		case plan.Create:
			rs := plan.Candidates(live, c.Key.Business, c.After)
			switch {
			case len(rs) == 1 && resource.Equal(rs[0].Spec, c.After):
				applied = true
			case len(rs) > 0:
				detail = fmt.Sprintf("a resource with this title now exists live (%s)", rs[0].ID)
			}
		default:
			cur, ok := byID[c.Key.ID]
			switch {
			case !ok:
				detail = fmt.Sprintf("%s no longer exists live", c.Key.ID)
			case c.Action == plan.Delete && cur.Deleted():
				applied = true
			case c.Action != plan.Delete && !cur.Deleted() && resource.Equal(cur.Spec, c.After):
				applied = true
			case cur.Meta.Version != c.LiveVersion:
				detail = fmt.Sprintf("planned against version %d, live is now version %d", c.LiveVersion, cur.Meta.Version)
			}
		}
		switch {
		case applied:
			done = append(done, c)
		case detail != "":
			stale = append(stale, Stale{Change: c, Detail: detail})
		default:
			out.Changes = append(out.Changes, c)
		}
	}
	if len(stale) > 0 {
		return nil, nil, &StaleError{Stale: stale}
	}
	return &out, done, nil
}

// Resume prepares a saved plan for another run: it reads the live state of
// the plan's businesses and reconciles the plan with it (see Reconcile).
func Resume(ctx context.Context, prov provider.Provider, p *plan.Plan, opts Options) (remaining *plan.Plan, done []plan.Change, err error) {
	var businesses []string
	for _, ch := range p.Changes {
		if !slices.Contains(businesses, ch.Key.Business) {
			businesses = append(businesses, ch.Key.Business)
		}
	}
	if len(businesses) == 0 {
		return p, nil, nil
	}
	slices.Sort(businesses)
	st, err := live.Fetch(ctx, prov, live.Options{Businesses: businesses})
	if err != nil {
		return nil, nil, err
	}
	return Reconcile(p, st.Resources, opts)
}
