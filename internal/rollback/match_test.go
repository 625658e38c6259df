package rollback

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// histories is a provider that answers only Versions, and counts them.
type histories struct {
	provider.Provider
	mu     sync.Mutex
	byID   map[string][]provider.Version
	called []string
}

func (h *histories) Versions(_ context.Context, _ string, _ resource.Kind, id string) ([]provider.Version, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.called = append(h.called, id)
	return h.byID[id], nil
}

func rule(content string) resource.BotRule {
	return resource.BotRule{Title: "R", Content: content, Enabled: true}
}

func version(n int, ct provider.ChangeType, content string) provider.Version {
	return provider.Version{Number: n, ChangeType: ct, Snapshot: rule(content)}
}

func TestMatchVersionsRestoresWhereAVersionHoldsTheContent(t *testing.T) {
	h := &histories{byID: map[string][]provider.Version{
		// "a" was "old" in versions 1 and 3: the newest wins.
		"a": {version(4, provider.ChangeUpdate, "new"), version(3, provider.ChangeRestore, "old"), version(2, provider.ChangeUpdate, "new"), version(1, provider.ChangeCreate, "old")},
		// "b" never held "other": a PUT.
		"b": {version(2, provider.ChangeUpdate, "new"), version(1, provider.ChangeCreate, "old")},
		// "c" is deleted; version 1 holds the content, the delete does not count.
		"c": {version(3, provider.ChangeDelete, "old"), version(2, provider.ChangeUpdate, "mid"), version(1, provider.ChangeCreate, "old")},
	}}
	key := func(id string) resource.Key {
		return resource.Key{Business: "demo", Kind: resource.KindBotRule, Title: "R", ID: id}
	}
	p := &plan.Plan{Changes: []plan.Change{
		{Action: plan.Update, Key: key("a"), LiveVersion: 4, Before: rule("new"), After: rule("old")},
		{Action: plan.Update, Key: key("b"), LiveVersion: 2, Before: rule("new"), After: rule("other")},
		{Action: plan.Restore, Key: key("c"), LiveVersion: 3, RestoreVersion: 2, Before: rule("old"), After: rule("old"), Fields: resource.Diff(rule("mid"), rule("old"))},
		{Action: plan.Update, Key: key("d"), Before: rule("x"), After: rule("y"), Drift: &plan.Drift{}},
		{Action: plan.Delete, Key: key("e"), Before: rule("x")},
	}}
	if err := MatchVersions(context.Background(), h, p, false); err != nil {
		t.Fatal(err)
	}
	if got := p.Changes[0].RestoreVersion; got != 3 {
		t.Errorf("a: RestoreVersion %d, want 3 (the newest version holding the content)", got)
	}
	if got := p.Changes[1].RestoreVersion; got != 0 {
		t.Errorf("b: RestoreVersion %d, want 0 (no version holds it: PUT)", got)
	}
	if c := p.Changes[2]; c.RestoreVersion != 1 || len(c.Fields) != 0 {
		t.Errorf("c: RestoreVersion %d, fields %v; want version 1 and nothing left to update", c.RestoreVersion, c.Fields)
	}
	if len(h.called) != 3 {
		t.Errorf("histories fetched for %v; want only the three changes apply executes (not the drifted one, not the delete)", h.called)
	}
}

func TestReviveRestoresAResourceDeletedSinceTheCommit(t *testing.T) {
	at := func(h int) *time.Time { x := time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC); return &x }
	live := []resource.Resource{
		{Business: "demo", ID: "older", Spec: rule("old"), Meta: resource.Meta{Version: 3, DeletedAt: at(1)}},
		{Business: "demo", ID: "newer", Spec: rule("something else"), Meta: resource.Meta{Version: 5, DeletedAt: at(2)}},
		{Business: "demo", ID: "other", Spec: resource.BotRule{Title: "Other", Content: "old"}, Meta: resource.Meta{Version: 2, DeletedAt: at(3)}},
	}
	p := &plan.Plan{Changes: []plan.Change{
		{Action: plan.Create, Key: resource.Key{Business: "demo", Kind: resource.KindBotRule, Title: "R"}, After: rule("old")},
		{Action: plan.Create, Key: resource.Key{Business: "demo", Kind: resource.KindBotRule, Title: "New"}, After: resource.BotRule{Title: "New", Content: "n"}},
	}}
	got := derive(p, live)
	if p.Changes[0].Action != plan.Create {
		t.Fatal("derive edited the pipeline's plan")
	}
	c := got.Changes[0]
	if c.Action != plan.Restore || c.Key.ID != "older" || c.LiveVersion != 3 || c.RestoreVersion != 2 || len(c.Fields) != 0 {
		t.Errorf("R: %+v; want a restore of the deleted resource whose content matches", c)
	}
	if got.Changes[1].Action != plan.Create {
		t.Errorf("New: %+v; want a create (nothing of that title was deleted)", got.Changes[1])
	}
}

func TestMessageSaysWhatAndWhy(t *testing.T) {
	rb := &Rollback{Subject: `Roll back bot-rule "R" in demo to version 2`, Details: []string{"bot-rule \"R\" in demo (r1): version 4 → version 2"}}
	want := "Roll back bot-rule \"R\" in demo to version 2\n\n- bot-rule \"R\" in demo (r1): version 4 → version 2\n\nWhy: a bad edit on Friday\n"
	if got := Message(rb, "  a bad edit on Friday "); got != want {
		t.Errorf("Message:\n%q\nwant\n%q", got, want)
	}
	if got := Message(&Rollback{Subject: "S"}, ""); got != "S\n" {
		t.Errorf("Message without details or reason: %q", got)
	}
}

func TestReclaimTurnsACreateAndTheDeleteOfARenamedResourceIntoOneUpdate(t *testing.T) {
	greet := resource.BotRule{Title: "Greet", Content: "Hello.", Enabled: true}
	welcome := resource.BotRule{Title: "Welcome", Content: "Hello.", Enabled: true}
	h := &histories{byID: map[string][]provider.Version{
		"renamed":   {{Number: 2, ChangeType: provider.ChangeUpdate, Snapshot: welcome}, {Number: 1, ChangeType: provider.ChangeCreate, Snapshot: greet}},
		"unrelated": {{Number: 1, ChangeType: provider.ChangeCreate, Snapshot: rule("x")}},
	}}
	key := func(title, id string) resource.Key {
		return resource.Key{Business: "demo", Kind: resource.KindBotRule, Title: title, ID: id}
	}
	p := &plan.Plan{Changes: []plan.Change{
		{Action: plan.Create, Key: key("Greet", ""), Path: "businesses/demo/bot-rules/greet.yaml", After: greet},
		{Action: plan.Delete, Key: key("R", "unrelated"), LiveVersion: 1, Before: rule("x"), Withheld: "pass --prune"},
		{Action: plan.Delete, Key: key("Welcome", "renamed"), LiveVersion: 2, Before: welcome, Withheld: "pass --prune"},
	}}
	if err := reclaim(context.Background(), h, p); err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 2 {
		t.Fatalf("changes %+v; want the update and the unrelated delete", p.Changes)
	}
	var up plan.Change
	for _, c := range p.Changes {
		if c.Action == plan.Update {
			up = c
		}
	}
	if up.Key.ID != "renamed" || up.RestoreVersion != 1 || up.LiveVersion != 2 || up.Path != "businesses/demo/bot-rules/greet.yaml" || len(up.Fields) != 1 {
		t.Errorf("update %+v; want the renamed resource restored to version 1 from version 2, for greet.yaml, the title changing", up)
	}
}
