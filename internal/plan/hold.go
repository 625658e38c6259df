package plan

// Hold is why apply does not execute a change. Its value is the name used in
// the JSON plan. Code decides on a Hold, never on display text.
type Hold string

const (
	// HoldPrune: a delete planned without --prune. Only a new plan made with
	// --prune lets it through.
	HoldPrune Hold = "prune"
	// HoldMassDelete: a delete of a plan past the mass-delete thresholds.
	// --allow-mass-delete, given to plan or to apply, lets it through.
	HoldMassDelete Hold = "mass-delete"
	// HoldDrift: the live content was made outside the repository.
	// --force-drift given to apply lets it through. Never stored in
	// Change.Withheld: Change.Drift records it.
	HoldDrift Hold = "drift"
)

// Allow is what apply was told beyond the plan: the flags that let held
// changes through.
type Allow struct {
	ForceDrift bool
	MassDelete bool
}

// Held is the one answer to "will this change run": the reason apply does
// not execute c under a, or "" when it does. Apply, Levels, the summaries and
// the guards all ask it.
func (c Change) Held(a Allow) Hold {
	switch {
	case c.Withheld == HoldPrune:
		return HoldPrune
	case c.Withheld == HoldMassDelete && !a.MassDelete:
		return HoldMassDelete
	case c.Withheld != "" && c.Withheld != HoldMassDelete:
		// An unknown reason (Unmarshal refuses those): never run it.
		return c.Withheld
	case c.Drift != nil && !a.ForceDrift:
		return HoldDrift
	}
	return ""
}

// Runs reports whether apply executes c under a.
func (c Change) Runs(a Allow) bool { return c.Held(a) == "" }

// Applicable reports whether apply executes the change by default: it is
// neither withheld nor drifted.
func (c Change) Applicable() bool { return c.Runs(Allow{}) }

// MassDelete reports whether c is a delete withheld as part of a mass
// delete (as opposed to one withheld for want of --prune).
func (c Change) MassDelete() bool { return c.Withheld == HoldMassDelete }

// HoldText says, for display, why c is not executed for reason h and what
// lets it through.
func (c Change) HoldText(h Hold) string {
	switch h {
	case HoldPrune:
		return "pass --prune to delete"
	case HoldMassDelete:
		return "mass delete: " + c.MassDeleteDetail + "; pass --allow-mass-delete"
	case HoldDrift:
		if c.Action == Restore && c.Deleted {
			return "drift: it was deleted outside git; pass --force-drift to restore it, or run `octosync pull` to remove its file"
		}
		return "drift: the live content was changed outside git; pass --force-drift to overwrite it, or run `octosync pull` to import it"
	}
	return string(h)
}
