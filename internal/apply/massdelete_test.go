package apply

import (
	"context"
	"slices"
	"testing"

	"github.com/octosync/octosync/internal/plan"
)

// TestSavedMassDeleteRunsWithAllowMassDelete: a plan made with --prune whose
// deletes were withheld as a mass delete, saved and applied with
// --allow-mass-delete, sends its deletes; without the flag the guard
// refuses it whole.
func TestSavedMassDeleteRunsWithAllowMassDelete(t *testing.T) {
	f := newFake()
	f.add("demo", rule("A", "a", true))
	f.add("demo", rule("B", "b", true))
	p := compute(t, f, nil, plan.Options{Prune: true, MaxDeletes: plan.DefaultMaxDeletes})
	data, err := plan.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := plan.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Changes) != 2 || !saved.Changes[0].MassDelete() {
		t.Fatalf("want two deletes withheld as a mass delete, got %+v", saved.Changes)
	}
	if err := CheckGuards(saved, Options{}); err == nil {
		t.Fatal("without --allow-mass-delete the guard must refuse the plan")
	}
	opts := Options{AllowMassDelete: true}
	if err := CheckGuards(saved, opts); err != nil {
		t.Fatal(err)
	}
	if !HasWork(saved, opts) {
		t.Fatal("HasWork: a mass delete allowed is work")
	}
	rep := Run(context.Background(), f, saved, opts)
	slices.Sort(f.writes)
	if rep.Count(Applied) != 2 || !slices.Equal(f.writes, []string{"DELETE id1", "DELETE id2"}) {
		t.Fatalf("applied %d, writes %v: want both deletes sent", rep.Count(Applied), f.writes)
	}
}
