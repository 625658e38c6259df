package plan

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

func ruleR(content string) resource.BotRule { return rule("R", content, true) }

func ruleVersion(n int, ct provider.ChangeType, content string) provider.Version {
	return provider.Version{Number: n, ChangeType: ct, Snapshot: ruleR(content)}
}

// changeOf is the change of p on the live id, or fails.
func changeOf(t *testing.T, p *Plan, id string) Change {
	t.Helper()
	for _, c := range p.Changes {
		if c.Key.ID == id {
			return c
		}
	}
	t.Fatalf("no change of %s in %+v", id, p.Changes)
	return Change{}
}

// TestRollbackRestoresWhereAVersionHoldsTheContent: in a rollback an update
// or a restore whose content a version holds is a restore of the newest
// such version, planned by Compute itself; a restore is counted as one.
func TestRollbackRestoresWhereAVersionHoldsTheContent(t *testing.T) {
	const path = "businesses/demo/bot-rules/"
	desired := Desired{Resources: []resource.Resource{
		file("demo", path+"a.yaml", "a", ruleR("old")),
		file("demo", path+"b.yaml", "b", rule("B", "other", true)),
		file("demo", path+"c.yaml", "c", rule("C", "old", true)),
	}}
	c := gone("demo", "c", 3, rule("C", "old", true))
	live := Live{Resources: []resource.Resource{remote("demo", "a", 4, ruleR("new")), remote("demo", "b", 2, rule("B", "new", true)), c}}
	versions := map[string][]provider.Version{
		// "a" was "old" in versions 1 and 3: the newest wins.
		"a": {ruleVersion(4, provider.ChangeUpdate, "new"), ruleVersion(3, provider.ChangeRestore, "old"), ruleVersion(2, provider.ChangeUpdate, "new"), ruleVersion(1, provider.ChangeCreate, "old")},
		"b": {{Number: 2, Snapshot: rule("B", "new", true)}, {Number: 1, Snapshot: rule("B", "old", true)}},
		// "c" is deleted; version 1 holds the content, the delete does not count.
		"c": {{Number: 3, ChangeType: provider.ChangeDelete, Snapshot: rule("C", "old", true)}, {Number: 2, Snapshot: rule("C", "mid", true)}, {Number: 1, Snapshot: rule("C", "old", true)}},
	}
	p, err := Compute(desired, live, Options{Rollback: true, Versions: versions, Bases: history{"demo": {ruleR("new"), rule("B", "new", true)}}})
	if err != nil {
		t.Fatal(err)
	}
	if a := changeOf(t, p, "a"); a.Action != Restore || a.RestoreVersion != 3 || a.Deleted || a.Drift != nil {
		t.Errorf("a: %+v; want a restore of version 3 of the live resource", a)
	}
	if b := changeOf(t, p, "b"); b.Action != Update || b.RestoreVersion != 0 {
		t.Errorf("b: %+v; want a PUT (no version holds it)", b)
	}
	if c := changeOf(t, p, "c"); c.Action != Restore || c.RestoreVersion != 1 || !c.Deleted || c.Drift != nil {
		t.Errorf("c: %+v; want the deleted resource restored from version 1, not drift", c)
	}
	if s := p.Summary(); s.Restore != 2 || s.Update != 1 {
		t.Errorf("summary %+v: want 2 to restore, 1 to update", s)
	}
	if wanted := p.VersionsWanted(); len(wanted) != 3 {
		t.Errorf("VersionsWanted %v: want the histories of the three changes", wanted)
	}
}

// TestRollbackRevivesAResourceDeletedSinceTheCommit: a file without an id
// whose title a soft-deleted resource has restores it (the one whose
// content matches, else the one deleted last) instead of creating another.
func TestRollbackRevivesAResourceDeletedSinceTheCommit(t *testing.T) {
	at := func(h int) *time.Time { x := time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC); return &x }
	live := Live{Resources: []resource.Resource{
		{Business: "demo", ID: "older", Spec: ruleR("old"), Meta: resource.Meta{Version: 3, DeletedAt: at(1)}},
		{Business: "demo", ID: "newer", Spec: ruleR("something else"), Meta: resource.Meta{Version: 5, DeletedAt: at(2)}},
		{Business: "demo", ID: "other", Spec: rule("Other", "old", true), Meta: resource.Meta{Version: 2, DeletedAt: at(3)}},
	}}
	desired := Desired{Resources: []resource.Resource{
		file("demo", "businesses/demo/bot-rules/r.yaml", "", ruleR("old")),
		file("demo", "businesses/demo/bot-rules/new.yaml", "", rule("New", "n", true)),
	}}
	p, err := Compute(desired, live, Options{Rollback: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := changeOf(t, p, "older"); c.Action != Restore || c.LiveVersion != 3 || c.RestoreVersion != BeforeDeletion(3) || !c.Deleted {
		t.Errorf("R: %+v; want a restore of the deleted resource whose content matches", c)
	}
	if c := changeOf(t, p, ""); c.Action != Create || c.Key.Title != "New" {
		t.Errorf("New: %+v; want a create (nothing of that title was deleted)", c)
	}
	// Outside a rollback the file is a new resource.
	if p, _ := Compute(desired, live, Options{}); p.Summary().Create != 2 {
		t.Errorf("without Rollback: %+v; want two creates", p.Changes)
	}
}

// TestRollbackReclaimsARenamedResource: a create whose content a resource
// planned for deletion once held (it was renamed since) is one restore of
// that resource, and its delete goes.
func TestRollbackReclaimsARenamedResource(t *testing.T) {
	greet := rule("Greet", "Hello.", true)
	welcome := rule("Welcome", "Hello.", true)
	live := Live{Resources: []resource.Resource{remote("demo", "renamed", 2, welcome), remote("demo", "unrelated", 1, ruleR("x")), remote("demo", "kept", 1, rule("Kept", "k", true))}}
	desired := Desired{Resources: []resource.Resource{
		file("demo", "businesses/demo/bot-rules/greet.yaml", "", greet),
		file("demo", "businesses/demo/bot-rules/kept.yaml", "kept", rule("Kept", "k", true)),
	}}
	versions := map[string][]provider.Version{
		"renamed":   {{Number: 2, ChangeType: provider.ChangeUpdate, Snapshot: welcome}, {Number: 1, ChangeType: provider.ChangeCreate, Snapshot: greet}},
		"unrelated": {{Number: 1, ChangeType: provider.ChangeCreate, Snapshot: ruleR("x")}},
	}
	p, err := Compute(desired, live, Options{Rollback: true, Versions: versions})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 2 {
		t.Fatalf("changes %+v; want the restore and the unrelated delete", p.Changes)
	}
	up := changeOf(t, p, "renamed")
	if up.Action != Restore || up.RestoreVersion != 1 || up.LiveVersion != 2 || up.Path != "businesses/demo/bot-rules/greet.yaml" || len(up.Fields) != 1 {
		t.Errorf("restore %+v; want the renamed resource restored to version 1 from version 2, for greet.yaml, the title changing", up)
	}
	if d := changeOf(t, p, "unrelated"); d.Action != Delete || d.Withheld != HoldPrune {
		t.Errorf("unrelated: %+v; want a delete withheld for want of --prune", d)
	}
}

// TestOnlyARestoreOfTheContentAtDeletionUpdatesAfter: a restore planned for
// the version before the deletion may need an update after it; one of a
// version matched for holding After never does.
func TestOnlyARestoreOfTheContentAtDeletionUpdatesAfter(t *testing.T) {
	c := gone("demo", "c", 3, rule("C", "old", true))
	desired := Desired{Resources: []resource.Resource{file("demo", "businesses/demo/bot-rules/c.yaml", "c", rule("C", "new", true))}}
	p, err := Compute(desired, Live{Resources: []resource.Resource{c}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Changes[0].UpdatesAfterRestore() {
		t.Errorf("%+v: a restore of version 2 then an update to the file", p.Changes[0])
	}
	versions := map[string][]provider.Version{"c": {{Number: 3, ChangeType: provider.ChangeDelete}, {Number: 2, Snapshot: rule("C", "old", true)}, {Number: 1, Snapshot: rule("C", "new", true)}}}
	p, err = Compute(desired, Live{Resources: []resource.Resource{c}}, Options{Rollback: true, Versions: versions})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Changes[0]; got.RestoreVersion != 1 || got.UpdatesAfterRestore() {
		t.Errorf("%+v: version 1 holds the file: restored, nothing to update", got)
	}
}

// TestRollbackRestoresOnlyWhereTheUnmanagedFieldsAreLive: a restore brings
// back the version's whole snapshot, so a version whose unmanaged fields
// are not the live ones is reached by an update (which keeps the live
// fields) rather than restored, in match and in reclaim alike; among
// versions holding the content, one with the live fields is preferred.
func TestRollbackRestoresOnlyWhereTheUnmanagedFieldsAreLive(t *testing.T) {
	staff := resource.Unmanaged{"visibility": json.RawMessage(`"staff"`)}
	public := resource.Unmanaged{"visibility": json.RawMessage(`"public"`)}
	withFields := func(r resource.Resource, u resource.Unmanaged) resource.Resource { r.Unmanaged = u; return r }
	greet, welcome := rule("Greet", "Hello.", true), rule("Welcome", "Hello.", true)
	live := Live{Resources: []resource.Resource{
		withFields(remote("demo", "a", 3, ruleR("new")), staff),
		withFields(remote("demo", "b", 3, rule("B", "new", true)), staff),
		withFields(remote("demo", "renamed", 2, welcome), staff),
	}}
	desired := Desired{Resources: []resource.Resource{
		file("demo", "businesses/demo/bot-rules/a.yaml", "a", ruleR("old")),
		file("demo", "businesses/demo/bot-rules/b.yaml", "b", rule("B", "old", true)),
		file("demo", "businesses/demo/bot-rules/greet.yaml", "", greet),
	}}
	versions := map[string][]provider.Version{
		// a: only version 1 holds "old", with other fields than live's.
		"a": {{Number: 3, Snapshot: ruleR("new"), Unmanaged: staff}, {Number: 1, Snapshot: ruleR("old"), Unmanaged: public}},
		// b: version 2 holds "old" with live's fields, version 1 without.
		"b":       {{Number: 3, Snapshot: rule("B", "new", true), Unmanaged: staff}, {Number: 2, Snapshot: rule("B", "old", true), Unmanaged: staff}, {Number: 1, Snapshot: rule("B", "old", true), Unmanaged: public}},
		"renamed": {{Number: 2, Snapshot: welcome, Unmanaged: staff}, {Number: 1, Snapshot: greet, Unmanaged: public}},
	}
	p, err := Compute(desired, live, Options{Rollback: true, Versions: versions})
	if err != nil {
		t.Fatal(err)
	}
	if a := changeOf(t, p, "a"); a.Action != Update || a.RestoreVersion != 0 || !a.Unmanaged.Equal(staff) {
		t.Errorf("a: %+v; want an update keeping the live fields", a)
	}
	if b := changeOf(t, p, "b"); b.Action != Restore || b.RestoreVersion != 2 {
		t.Errorf("b: %+v; want a restore of version 2, whose fields are live's", b)
	}
	if r := changeOf(t, p, "renamed"); r.Action != Update || r.RestoreVersion != 0 || r.Path != "businesses/demo/bot-rules/greet.yaml" || !r.Unmanaged.Equal(staff) {
		t.Errorf("renamed: %+v; want the renamed resource updated (reclaimed), keeping the live fields", r)
	}
	if len(p.Changes) != 3 {
		t.Errorf("changes %+v; want three, no create and no delete", p.Changes)
	}
}
