package plan

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Compute plans the changes that take live to desired. It reads nothing but
// its arguments (and opts.Bases) and returns either a plan or an error
// joining every binding problem (*AmbiguityError, *ConflictError; use
// errors.As), sorted by file. The plan is finished when returned: nothing
// edits it afterwards (what renderers need goes in through opts).
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

	p := &Plan{
		FormatVersion: FormatVersion,
		Target:        opts.Target,
		Environment:   opts.Environment,
		Sandbox:       opts.Sandbox,
		History:       opts.History,
		ForceDrift:    opts.ForceDrift,
	}
	for _, pr := range b.pairs {
		if bd, ok := bindingOf(pr, opts, f); ok {
			p.Bindings = append(p.Bindings, bd)
		}
	}
	if opts.Rollback {
		revive(b.pairs, lives)
	}
	for _, pr := range b.pairs {
		if c, ok := planPair(pr, opts, f, &p.Unchanged); ok {
			p.Changes = append(p.Changes, c)
		}
	}
	slices.SortFunc(p.Bindings, func(x, y Binding) int { return strings.Compare(x.Path, y.Path) })

	deletes := make([]Change, 0, len(b.liveOnly)) // one allocation: an export deletes (imports) every live resource
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
			c.Drift = newDrift(l, opts.Authors)
		}
		deletes = append(deletes, c)
	}
	if opts.Rollback {
		p.Changes, deletes = reclaim(p.Changes, deletes, opts.Versions, lives)
		match(p.Changes, opts.Versions)
	}
	withhold(deletes, lives, opts)
	p.Unmanaged = unmanagedSummary(lives, opts, f)
	if len(p.Changes) == 0 && len(deletes) > 0 {
		p.Changes = deletes // nothing to append to: no copy of ten thousand changes
	} else {
		p.Changes = append(p.Changes, deletes...)
	}

	sortChanges(p.Changes)
	slices.Sort(b.warnings)
	p.Warnings = append(slices.Clone(opts.Warnings), b.warnings...)
	p.Warnings = append(p.Warnings, lostVariantKeys(p.Changes)...)
	return p, nil
}

// bindingOf is the Binding of a pair bound to a live resource, when its
// file is selected and neither side is ignored.
func bindingOf(pr pair, opts Options, f filter) (Binding, bool) {
	d, l := pr.desired, pr.live
	if l == nil || opts.ignored(d.Kind(), d.Title()) || opts.ignored(l.Kind(), l.Title()) {
		return Binding{}, false
	}
	key := d.Key()
	key.ID = l.ID
	if !f.selects(key, d.Path) {
		return Binding{}, false
	}
	return Binding{Path: d.Path, Live: l.Key(), By: pr.by}, true
}

// BeforeDeletion is the version a restore of a resource deleted in version
// deleted brings back: the deletion was the newest version, and the one
// before it holds the content the resource had when it was deleted.
func BeforeDeletion(deleted int) int { return max(deleted-1, 1) }

// NeedsHistory reports whether git history could change p, planned
// without it: an update may be drift, a live resource without a file may
// have been created in the dashboard, and a deleted one whose file is still
// there deleted in it. Callers read history only then.
func (p *Plan) NeedsHistory() bool {
	for _, c := range p.Changes {
		if c.Action == Update || c.Action == Delete || c.Action == Restore {
			return true
		}
	}
	return false
}

// DriftedKeys lists the live resources of p's drifted changes: those whose
// authors Options.Authors should name.
func (p *Plan) DriftedKeys() []resource.Key {
	var out []resource.Key
	for _, c := range p.Changes {
		if c.Drift != nil && c.Key.ID != "" {
			out = append(out, c.Key)
		}
	}
	return out
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
		Unmanaged:   l.Unmanaged,
	}
	switch {
	case l.Deleted():
		c.Action = Restore
		c.Deleted = true
		c.RestoreVersion = BeforeDeletion(l.Meta.Version)
		if opts.Bases != nil && !opts.Rollback {
			// The file still names the resource, so no commit asked for
			// its delete: somebody deleted it outside the repository.
			c.Drift = newDrift(l, opts.Authors)
		}
	case resource.Equal(l.Spec, d.Spec):
		*unchanged++
		return Change{}, false
	default:
		c.Action = Update
		if drifted(opts.Bases, l) {
			c.Drift = newDrift(l, opts.Authors)
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

// newDrift describes who made l's live content: the newest version named
// in authors, else l's own metadata.
func newDrift(l *resource.Resource, authors map[string]provider.Version) *Drift {
	if v, ok := authors[l.ID]; ok {
		return &Drift{Author: v.Author, At: v.CreatedAt, Version: v.Number}
	}
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
