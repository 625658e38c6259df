package plan

import (
	"cmp"
	"slices"
)

// FormatVersion is the version of the JSON plan format this package writes
// and the only one it reads.
const FormatVersion = 1

// Plan is the result of Compute: every change apply may make, sorted, plus
// what the reader needs to judge it.
type Plan struct {
	// FormatVersion is FormatVersion for plans built by this package.
	FormatVersion int
	// Target is the API the plan was made against (Options.Target): every
	// rendering names it first, and apply refuses a saved plan made
	// against another target.
	Target string
	// Environment is the environment of octosync.yaml the plan was made
	// for (Options.Environment): apply refuses a saved plan in another.
	Environment string
	// Sandbox is set when live state came from the built-in sandbox.
	Sandbox bool
	// History says whether drift was classified (Options.History).
	History HistoryStatus
	// ForceDrift records that the plan was made with --force-drift: its
	// drifted deletes were counted toward the mass-delete thresholds, so
	// `apply --force-drift` may execute them. Apply still executes drifted
	// changes only when it is given --force-drift itself.
	ForceDrift bool
	// Changes are sorted by Key.Compare, then action, then path.
	Changes []Change
	// Unchanged counts desired resources, within the filters, whose live
	// content already matches.
	Unchanged int
	// Warnings are for display: the caller's (Options.Warnings) first,
	// then Compute's own, sorted.
	Warnings []string
	// Unmanaged names, per kind, the fields octosync does not manage that
	// the live resources carry (kept by every write); empty when none.
	Unmanaged []UnmanagedKind
	// Bindings say how each selected file was matched to a live resource
	// (by id or by title), sorted by path; files bound to nothing are not
	// listed. pull and apply read them instead of matching again.
	Bindings []Binding
}

// Summary counts a plan's changes. Each change is counted once: as drift
// when drifted, else as withheld when withheld, else under its action.
type Summary struct {
	Create    int `json:"create"`
	Update    int `json:"update"`
	Delete    int `json:"delete"`
	Restore   int `json:"restore"`
	Drift     int `json:"drift"`
	Withheld  int `json:"withheld"`
	Unchanged int `json:"unchanged"`
}

// Summary counts p's changes.
func (p *Plan) Summary() Summary {
	s := Summary{Unchanged: p.Unchanged}
	for _, c := range p.Changes {
		// A withheld change counts as withheld even when it is drift too,
		// as its detail line says; drift is counted apart.
		if c.Drift != nil {
			s.Drift++
		}
		switch {
		case c.Withheld != "":
			s.Withheld++
		case c.Drift != nil:
		case c.Action == Create:
			s.Create++
		case c.Action == Update:
			s.Update++
		case c.Action == Delete:
			s.Delete++
		case c.Action == Restore:
			s.Restore++
		}
	}
	return s
}

// HasChanges reports whether apply would change anything by default:
// withheld and drifted changes do not count.
func (p *Plan) HasChanges() bool {
	return slices.ContainsFunc(p.Changes, Change.Applicable)
}

// HasDrift reports whether any change is drifted.
func (p *Plan) HasDrift() bool {
	return slices.ContainsFunc(p.Changes, func(c Change) bool { return c.Drift != nil })
}

// sortChanges puts changes in the one order users and apply see them.
func sortChanges(cs []Change) {
	if slices.IsSortedFunc(cs, compareChanges) {
		return // an export's deletes come in key order: n comparisons, not n log n
	}
	slices.SortStableFunc(cs, compareChanges)
}

func compareChanges(a, b Change) int {
	if c := a.Key.Compare(b.Key); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Action.rank(), b.Action.rank()); c != 0 {
		return c
	}
	return cmp.Compare(a.Path, b.Path)
}
