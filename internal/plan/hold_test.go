package plan

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// TestDashboardDeleteIsDrift: a live resource deleted while its file still
// names it was deleted outside the repository: with history the restore is
// drift (named after who deleted it), held from apply without --force-drift.
func TestDashboardDeleteIsDrift(t *testing.T) {
	a := article("Returns", "Thirty days.")
	desired := Desired{Resources: []resource.Resource{file("acme", "businesses/acme/articles/returns.md", "art_1", a)}}
	live := Live{Resources: []resource.Resource{gone("acme", "art_1", 3, a)}}
	carol := provider.Version{Number: 3, Author: provider.Author{Name: "carol"}, CreatedAt: t0.Add(time.Hour)}
	p, err := Compute(desired, live, Options{Bases: history{"acme": {a}}, Authors: map[string]provider.Version{"art_1": carol}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 {
		t.Fatalf("want one change, got %d", len(p.Changes))
	}
	c := p.Changes[0]
	if c.Action != Restore || c.Drift == nil || c.Drift.Author.Name != "carol" || c.Drift.Version != 3 {
		t.Fatalf("want a restore drifted by carol at version 3, got %s drift=%+v", c.Action, c.Drift)
	}
	if got := p.Summary(); got.Drift != 1 || got.Restore != 0 {
		t.Errorf("summary %+v: want 1 drifted, 0 to restore", got)
	}
	if p.HasChanges() || !p.HasDrift() {
		t.Errorf("HasChanges %v HasDrift %v: want false, true", p.HasChanges(), p.HasDrift())
	}
	if c.Runs(Allow{}) || !c.Runs(Allow{ForceDrift: true}) {
		t.Error("a drifted restore must run only with --force-drift")
	}
	if !p.NeedsHistory() {
		t.Error("a restore needs history to be classified")
	}
	// Without history nothing is drift; in a rollback the restore is asked for.
	for _, opts := range []Options{{}, {Bases: history{"acme": {a}}, Rollback: true}} {
		p, err := Compute(desired, live, opts)
		if err != nil {
			t.Fatal(err)
		}
		if c := p.Changes[0]; c.Action != Restore || c.Drift != nil {
			t.Errorf("rollback=%v bases=%v: want a plain restore, got drift %+v", opts.Rollback, opts.Bases != nil, c.Drift)
		}
	}
}

// TestHeldIsTheOneAnswer: what Levels schedules and what Held lets run
// agree for every reason and every flag.
func TestHeldIsTheOneAnswer(t *testing.T) {
	on := rule("R", "r", true)
	del := func(title string, h Hold, drift bool) Change {
		c := Change{Action: Delete, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: title, ID: title}, Before: on, Withheld: h}
		if drift {
			c.Drift = &Drift{}
		}
		return c
	}
	p := &Plan{Changes: []Change{
		del("prune", HoldPrune, false), del("mass", HoldMassDelete, false),
		del("massdrift", HoldMassDelete, true), del("drift", "", true), del("plain", "", false),
	}}
	cases := []struct {
		allow Allow
		runs  []string
	}{
		{Allow{}, []string{"plain"}},
		{Allow{MassDelete: true}, []string{"mass", "plain"}},
		{Allow{ForceDrift: true}, []string{"drift", "plain"}},
		{Allow{MassDelete: true, ForceDrift: true}, []string{"drift", "mass", "massdrift", "plain"}},
	}
	for _, tc := range cases {
		var runs []string
		for _, lvl := range p.Levels(tc.allow) {
			for _, c := range lvl {
				if c.Runs(tc.allow) {
					runs = append(runs, c.Key.Title)
				}
				if h := c.Held(tc.allow); h == HoldPrune || h == HoldMassDelete {
					t.Errorf("%+v: Levels scheduled %s, withheld as %s", tc.allow, c.Key.Title, h)
				}
			}
		}
		slices.Sort(runs)
		if !slices.Equal(runs, tc.runs) {
			t.Errorf("%+v: runs %v, want %v", tc.allow, runs, tc.runs)
		}
	}
	if got := p.Changes[0].Held(Allow{MassDelete: true, ForceDrift: true}); got != HoldPrune {
		t.Errorf("a delete planned without --prune: held %q, want %q", got, HoldPrune)
	}
}

// TestSavedPlanKeepsTheHoldTyped: the reason survives the saved plan as a
// value, and an unknown reason is refused rather than guessed at.
func TestSavedPlanKeepsTheHoldTyped(t *testing.T) {
	p := &Plan{FormatVersion: FormatVersion, Changes: []Change{{
		Action: Delete, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "R", ID: "rule_1"}, LiveVersion: 1,
		Before: rule("R", "r", true), Withheld: HoldMassDelete, MassDeleteDetail: "1 of 1 live bot rules of acme",
	}}}
	p.Changes[0].Fields = resource.Diff(p.Changes[0].Before, nil)
	data, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if c := back.Changes[0]; !c.MassDelete() || !c.Runs(Allow{MassDelete: true}) || c.MassDeleteDetail != "1 of 1 live bot rules of acme" {
		t.Errorf("round trip lost the mass-delete hold: %+v", c)
	}
	bad := strings.Replace(string(data), `"withheld": "mass-delete"`, `"withheld": "mass delete: 1 of 1"`, 1)
	if _, err := Unmarshal([]byte(bad)); err == nil || !strings.Contains(err.Error(), "unknown withheld reason") {
		t.Errorf("a display string as reason: got %v, want unknown withheld reason", err)
	}
}
