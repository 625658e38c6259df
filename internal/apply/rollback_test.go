package apply

import (
	"context"
	"slices"
	"testing"

	"github.com/octosync/octosync/internal/plan"
)

// A restore of a live resource (planned by a rollback) goes through the
// restore endpoint, conditional on the planned live version.
func TestRestoreOfALiveResource(t *testing.T) {
	f := newFake()
	r := f.add("demo", rule("A", "a", true))
	d := desired(rule("A", "a", false))
	d[0].ID = r.ID
	p := compute(t, f, d, plan.Options{})
	if len(p.Changes) != 1 || p.Changes[0].Action != plan.Update {
		t.Fatalf("plan: %+v", p.Changes)
	}
	p.Changes[0].Action, p.Changes[0].RestoreVersion = plan.Restore, 1
	rep := Run(context.Background(), f, p, Options{})
	if !rep.OK() {
		t.Fatalf("report %+v", rep.Results)
	}
	// The fake's restore does not bring content back, so the update to
	// After follows; against the real API the restore alone reaches it.
	if want := []string{"RESTORE " + r.ID + " 1", "PUT " + r.ID}; !slices.Equal(f.writes, want) {
		t.Fatalf("writes %v, want %v", f.writes, want)
	}
}
