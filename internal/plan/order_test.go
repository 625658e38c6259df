package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

func TestLevels(t *testing.T) {
	on, off := rule("R", "x", true), rule("R", "x", false)
	c := func(a Action, title string, before, after resource.Spec) Change {
		var k resource.Kind
		if after != nil {
			k = after.Kind()
		} else {
			k = before.Kind()
		}
		return Change{Action: a, Key: resource.Key{Business: "acme", Kind: k, Title: title}, Before: before, After: after}
	}
	p := &Plan{Changes: []Change{
		c(Create, "art new", nil, article("a", "x")),
		c(Delete, "art gone", article("a", "x"), nil),
		c(Update, "art off", article("a", "x"), resource.Article{Title: "a"}),
		c(Create, "flow new", nil, workflow("w")),
		c(Delete, "flow gone", workflow("w"), nil),
		c(Create, "rule new", nil, on),
		c(Update, "rule enable", off, on),
		c(Update, "rule disable", on, off),
		c(Delete, "rule gone", on, nil),
		c(Restore, "rule back", on, on),
		c(Update, "rule edit", on, rule("R", "y", true)),
		{Action: Delete, Key: resource.Key{Kind: resource.KindBotRule, Title: "withheld"}, Before: on, Withheld: HoldPrune},
		{Action: Update, Key: resource.Key{Kind: resource.KindBotRule, Title: "drifted"}, Before: on, After: on, Drift: &Drift{}},
	}}
	var got []string
	for _, level := range p.Levels(Allow{}) {
		var titles []string
		for _, ch := range level {
			titles = append(titles, ch.Key.Title)
		}
		got = append(got, strings.Join(titles, ", "))
	}
	want := []string{
		"art new, art off",
		"flow new",
		"rule disable, rule gone",
		"rule new, rule enable, rule back, rule edit, drifted",
		"flow gone",
		"art gone",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Levels:\n got %q\nwant %q", got, want)
	}
}

// TestApplyOrderCoversEveryChange: each kind and phase has exactly one
// stage, so Levels never drops an applicable change.
func TestApplyOrderCoversEveryChange(t *testing.T) {
	for _, k := range resource.Kinds {
		for _, ph := range []phase{upsert, disable, remove} {
			n := 0
			for _, s := range applyOrder {
				if s.kind == k && containsPhase(s.phases, ph) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("kind %s phase %d is in %d stages, want 1", k, ph, n)
			}
		}
	}
}

func TestSummary(t *testing.T) {
	p := &Plan{Unchanged: 7, Changes: []Change{
		{Action: Create}, {Action: Create}, {Action: Update}, {Action: Restore},
		{Action: Delete}, {Action: Delete, Withheld: HoldPrune},
		{Action: Update, Drift: &Drift{}}, {Action: Delete, Drift: &Drift{}, Withheld: HoldPrune},
	}}
	want := Summary{Create: 2, Update: 1, Delete: 1, Restore: 1, Drift: 2, Withheld: 2, Unchanged: 7} // the drifted withheld delete counts as both
	if got := p.Summary(); got != want {
		t.Errorf("Summary = %+v, want %+v", got, want)
	}
	if !p.HasChanges() || !p.HasDrift() {
		t.Error("HasChanges and HasDrift should be true")
	}
	quiet := &Plan{Changes: []Change{{Action: Delete, Withheld: HoldPrune}}}
	if quiet.HasChanges() || quiet.HasDrift() {
		t.Error("a plan of withheld deletes has no changes and no drift")
	}
}

// TestRestoreThatEndsDisabledRunsBeforeEnables: restoring a bot rule to a
// disabled file brings back its enabled version first, so it must run in
// the stage that frees enabled-rule slots, before creates that enable.
func TestRestoreThatEndsDisabledRunsBeforeEnables(t *testing.T) {
	p := &Plan{Changes: []Change{
		{Action: Create, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "E"}, After: resource.BotRule{Title: "E", Content: "e", Enabled: true}},
		{Action: Restore, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "D", ID: "rule_d"}, LiveVersion: 2, RestoreVersion: 1,
			Before: resource.BotRule{Title: "D", Content: "d", Enabled: true}, After: resource.BotRule{Title: "D", Content: "d", Enabled: false}},
	}}
	levels := p.Levels(Allow{})
	if len(levels) != 2 || levels[0][0].Action != Restore || levels[1][0].Action != Create {
		t.Fatalf("levels = %+v", levels)
	}
}

// TestRestoreThatEndsDisabledRunsAfterDeletes: the restore briefly brings
// back an enabled version, so it must not run in parallel with the deletes
// that free the slot it needs.
func TestRestoreThatEndsDisabledRunsAfterDeletes(t *testing.T) {
	p := &Plan{Changes: []Change{
		{Action: Delete, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "Old", ID: "rule_o"}, LiveVersion: 1,
			Before: resource.BotRule{Title: "Old", Content: "o", Enabled: true}},
		{Action: Restore, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "D", ID: "rule_d"}, LiveVersion: 2, RestoreVersion: 1,
			Before: resource.BotRule{Title: "D", Content: "d", Enabled: true}, After: resource.BotRule{Title: "D", Content: "d", Enabled: false}},
	}}
	levels := p.Levels(Allow{})
	if len(levels) != 2 || levels[0][0].Action != Delete || levels[1][0].Action != Restore {
		t.Fatalf("levels = %+v", levels)
	}
}

func TestRestoreDoesNotRaceTheDeleteThatFreesItsSlot(t *testing.T) {
	p := &Plan{Changes: []Change{
		{Action: Restore, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "Aaa", ID: "rule_a"}, LiveVersion: 3, RestoreVersion: 2,
			Before: resource.BotRule{Title: "Aaa", Content: "a", Enabled: true}, After: resource.BotRule{Title: "Aaa", Content: "a", Enabled: false}},
		{Action: Delete, Key: resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "R24", ID: "rule_24"}, LiveVersion: 1,
			Before: resource.BotRule{Title: "R24", Content: "r", Enabled: true}},
	}}
	for i, lvl := range p.Levels(Allow{}) {
		if len(lvl) > 1 {
			t.Errorf("level %d runs %v and %v in parallel", i, lvl[0].Action, lvl[1].Action)
		}
	}
}
