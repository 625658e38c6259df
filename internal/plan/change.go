package plan

import (
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Change is one action on one resource. Apply works from Action, Key,
// LiveVersion, RestoreVersion, After, Unmanaged, Drift and Withheld
// (through Held); Path, Before, Deleted and the text of reasons are for
// display.
//
// Before and After per action:
//
//	action   Before                           After
//	create   nil                              the desired content
//	update   the live content                 the desired content
//	delete   the live content                 nil
//	restore  the live (or deleted) content    the desired content
//
// A restore brings back RestoreVersion through the restore endpoint
// (undeleting the resource when Deleted), then updates the restored
// resource to After when the restored content differs.
//
// Fields is always resource.Diff(Before, After): every field for a create or
// a delete, the differing ones for an update or a restore (for a deleted
// resource, Before is its content when deleted, which the version before
// the deletion holds: Fields empty means the restore alone reaches After).
type Change struct {
	Action Action
	// Key names the resource: the desired title for create, update and
	// restore, the live title for delete; ID is the live id (empty for a
	// create).
	Key resource.Key
	// Path is the desired resource's file; empty for a delete.
	Path string
	// LiveVersion is the live version the change was planned against (0
	// for a create). Apply sends it as If-Match, so a change planned
	// against a version that has moved since is refused, not applied.
	LiveVersion int
	// RestoreVersion is, for a restore, the version whose content is
	// brought back: the newest version before the deletion
	// (BeforeDeletion), or, planned by a rollback, the version whose
	// content equals After. 0 for every other action.
	RestoreVersion int
	// Deleted says the live resource is soft-deleted: the restore
	// undeletes it.
	Deleted bool
	Before  resource.Spec
	After   resource.Spec
	// Unmanaged are the fields of the live resource (version LiveVersion)
	// that octosync does not manage, exactly as the server sent them:
	// the update's PUT sends them back unchanged. Set on updates and
	// restores.
	Unmanaged resource.Unmanaged
	Fields    []resource.FieldChange
	// Drift is non-nil when the live content was never committed to the
	// repository (edited or created outside it). Apply skips such a change
	// unless --force-drift.
	Drift *Drift
	// Withheld is set when the change is shown but not applied by default:
	// a delete without --prune (HoldPrune), or past the mass-delete
	// thresholds (HoldMassDelete, with MassDeleteDetail naming the
	// thresholds for display). Held decides what runs.
	Withheld         Hold
	MassDeleteDetail string
}

// Drift describes the live version that no commit of the repository holds.
// Compute sets Version and At from the live resource's metadata; the caller
// fills Author (and may refine Version and At) from the version history.
type Drift struct {
	Author  provider.Author
	At      time.Time
	Version int
}

// Symbol is the change's mark in text renderings: DriftSymbol when drifted,
// else its action's symbol.
func (c Change) Symbol() string {
	if c.Drift != nil {
		return DriftSymbol
	}
	return c.Action.Symbol()
}

// UpdatesAfterRestore reports whether a restore is expected to need an
// update after it: only a restore of the version before the deletion, whose
// content is Before, can differ from After; every other restore brings back
// a version planned for holding After.
func (c Change) UpdatesAfterRestore() bool {
	return c.Action == Restore && c.Deleted && c.RestoreVersion == BeforeDeletion(c.LiveVersion) && len(c.Fields) > 0
}
