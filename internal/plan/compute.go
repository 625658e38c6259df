package plan

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// Compute plans the changes that take live to desired. It reads nothing but
// its arguments (and opts.Bases) and returns either a plan or an error
// joining every binding problem (*AmbiguityError, *ConflictError; use
// errors.As), sorted by file. The plan's Sandbox flag is left for the caller.
//
// Every resource must have a Spec; desired ones a Path. The result does not
// depend on the order of desired.Resources or live.Resources.
func Compute(desired Desired, live Live, opts Options) (*Plan, error) {
	if err := checkInputs(desired, live); err != nil {
		return nil, err
	}
	managed := map[string]bool{}
	for _, b := range desired.Businesses {
		managed[b] = true
	}
	for _, r := range desired.Resources {
		managed[r.Business] = true
	}
	lives := make([]resource.Resource, 0, len(live.Resources))
	for _, r := range live.Resources {
		if managed[r.Business] {
			lives = append(lives, r)
		}
	}

	f := newFilter(opts)
	b := bind(desired.Resources, lives, opts, f)
	if len(b.errs) > 0 {
		slices.SortFunc(b.errs, func(x, y error) int { return strings.Compare(x.Error(), y.Error()) })
		return nil, errors.Join(b.errs...)
	}

	p := &Plan{FormatVersion: FormatVersion}
	for _, pr := range b.pairs {
		if c, ok := planPair(pr, opts, f, &p.Unchanged); ok {
			p.Changes = append(p.Changes, c)
		}
	}

	var deletes []Change
	for _, li := range b.liveOnly {
		l := &lives[li]
		if opts.ignored(l.Kind(), l.Title()) || !f.selects(l.Key(), "") {
			continue
		}
		c := Change{
			Action:      Delete,
			Key:         l.Key(),
			LiveVersion: l.Meta.Version,
			Before:      l.Spec,
			Fields:      resource.Diff(l.Spec, nil),
		}
		if drifted(opts.Bases, l) {
			c.Drift = newDrift(l)
		}
		deletes = append(deletes, c)
	}
	withhold(deletes, lives, opts)
	p.Changes = append(p.Changes, deletes...)

	sortChanges(p.Changes)
	slices.Sort(b.warnings)
	p.Warnings = b.warnings
	return p, nil
}

// planPair classifies one desired resource and its bound live resource
// (nil: none). ok is false when the pair is filtered out, ignored or
// unchanged (then counted in *unchanged).
func planPair(pr pair, opts Options, f filter, unchanged *int) (Change, bool) {
	d, l := pr.desired, pr.live
	if opts.ignored(d.Kind(), d.Title()) || (l != nil && opts.ignored(l.Kind(), l.Title())) {
		return Change{}, false
	}
	key := d.Key()
	if l == nil {
		key.ID = ""
		if !f.selects(key, d.Path) {
			return Change{}, false
		}
		// After is the normalized content: what the plan compares, what lint
		// measures against the limits, and what apply sends are one thing.
		return Change{Action: Create, Key: key, Path: d.Path, After: d.Spec.Normalize(), Fields: resource.Diff(nil, d.Spec)}, true
	}
	key.ID = l.ID
	if !f.selects(key, d.Path) {
		return Change{}, false
	}
	c := Change{
		Key:         key,
		Path:        d.Path,
		LiveVersion: l.Meta.Version,
		Before:      l.Spec,
		After:       d.Spec.Normalize(),
	}
	switch {
	case l.Deleted():
		c.Action = Restore
		// The deletion was the newest version; the one before it holds
		// the content the resource had when it was deleted.
		c.RestoreVersion = max(l.Meta.Version-1, 1)
	case resource.Equal(l.Spec, d.Spec):
		*unchanged++
		return Change{}, false
	default:
		c.Action = Update
		if drifted(opts.Bases, l) {
			c.Drift = newDrift(l)
		}
	}
	c.Fields = resource.Diff(l.Spec, d.Spec)
	return c, true
}

// drifted reports whether the live content was never committed. Without
// history nothing is drift.
func drifted(bases Bases, l *resource.Resource) bool {
	return bases != nil && !bases.Committed(l.Business, l.Spec)
}

func newDrift(l *resource.Resource) *Drift {
	return &Drift{Version: l.Meta.Version, At: l.Meta.UpdatedAt.Round(0).UTC()}
}

func checkInputs(desired Desired, live Live) error {
	var errs []error
	for _, r := range desired.Resources {
		if r.Spec == nil {
			errs = append(errs, fmt.Errorf("%s: desired resource has no content (a bug in the file loader; please report it)", r.Path))
		}
	}
	for _, r := range live.Resources {
		if r.Spec == nil {
			errs = append(errs, fmt.Errorf("live resource %s of %s has no content (a bug in the API client; please report it)", r.ID, r.Business))
		}
	}
	return errors.Join(errs...)
}
