package apply

import (
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

// Stale is one planned change whose live resource moved since the plan was
// made.
type Stale struct {
	Change plan.Change
	// Now is the live version found (0 when it no longer exists, or, for a
	// create, the id of a resource that now has the title).
	Now    int
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

// CheckStale compares a saved plan with the live resources now (soft-deleted
// included) and returns a *StaleError when any planned change no longer
// applies to what it was planned against. Withheld changes are ignored.
func CheckStale(p *plan.Plan, live []resource.Resource) error {
	byID := map[string]resource.Resource{}
	type titleKey struct {
		business string
		kind     resource.Kind
		title    string
	}
	byTitle := map[titleKey][]resource.Resource{}
	for _, r := range live {
		byID[r.ID] = r
		if !r.Deleted() {
			k := titleKey{r.Business, r.Kind(), r.Title()}
			byTitle[k] = append(byTitle[k], r)
		}
	}
	var stale []Stale
	for _, c := range p.Changes {
		if c.Withheld != "" {
			continue
		}
		switch c.Action {
		case plan.Create:
			if rs := byTitle[titleKey{c.Key.Business, c.After.Kind(), c.After.GetTitle()}]; len(rs) > 0 {
				stale = append(stale, Stale{Change: c, Detail: fmt.Sprintf("a resource with this title now exists live (%s)", rs[0].ID)})
			}
		default:
			cur, ok := byID[c.Key.ID]
			switch {
			case !ok:
				stale = append(stale, Stale{Change: c, Detail: fmt.Sprintf("%s no longer exists live", c.Key.ID)})
			case cur.Meta.Version != c.LiveVersion:
				stale = append(stale, Stale{Change: c, Now: cur.Meta.Version,
					Detail: fmt.Sprintf("planned against version %d, live is now version %d", c.LiveVersion, cur.Meta.Version)})
			}
		}
	}
	if len(stale) > 0 {
		return &StaleError{Stale: stale}
	}
	return nil
}
