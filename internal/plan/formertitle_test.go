package plan

import (
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

// retitled is a history that also knows each file's former titles.
type retitled struct {
	history
	titles map[string][]string
}

func (r retitled) FormerTitles(path string) []string { return r.titles[path] }

func TestRetitledFileBindsThroughItsFormerTitle(t *testing.T) {
	rule := func(title string) resource.BotRule {
		return resource.BotRule{Title: title, Content: "Be brief.", Enabled: true}
	}
	desired := Desired{Businesses: []string{"acme"}, Resources: []resource.Resource{
		{Business: "acme", Spec: rule("Tone of voice"), Path: "businesses/acme/bot-rules/tone.yaml"},
		{Business: "acme", Spec: rule("Greeting"), Path: "businesses/acme/bot-rules/greeting.yaml"},
	}}
	live := Live{Resources: []resource.Resource{
		{Business: "acme", ID: "rule_1", Spec: rule("Tone"), Meta: resource.Meta{Version: 1}},
		{Business: "acme", ID: "rule_2", Spec: rule("Hello"), Meta: resource.Meta{Version: 1}},
		{Business: "acme", ID: "rule_3", Spec: rule("Hello"), Meta: resource.Meta{Version: 1}},
	}}
	bases := retitled{
		history: history{"acme": {rule("Tone"), rule("Hello")}},
		titles: map[string][]string{
			"businesses/acme/bot-rules/tone.yaml":     {"Tone of voice", "Tone"},
			"businesses/acme/bot-rules/greeting.yaml": {"Greeting", "Hello"},
		},
	}
	p, err := Compute(desired, live, Options{Bases: bases, History: HistoryRead})
	if err != nil {
		t.Fatal(err)
	}
	var updates, creates int
	for _, c := range p.Changes {
		switch c.Action {
		case Update:
			updates++
			if c.Key.ID != "rule_1" || c.Path != "businesses/acme/bot-rules/tone.yaml" {
				t.Errorf("update %+v, want tone.yaml updating rule_1", c.Key)
			}
		case Create:
			creates++
			if c.Path != "businesses/acme/bot-rules/greeting.yaml" {
				t.Errorf("create of %s, want greeting.yaml (its former title is ambiguous)", c.Path)
			}
		}
	}
	if updates != 1 || creates != 1 {
		t.Fatalf("%d updates and %d creates, want 1 and 1:\n%+v", updates, creates, p.Changes)
	}
	found := false
	for _, b := range p.Bindings {
		if b.Path == "businesses/acme/bot-rules/tone.yaml" {
			found = b.By == ByFormerTitle && b.Live.ID == "rule_1"
		}
	}
	if !found {
		t.Errorf("bindings %+v: tone.yaml is not bound by its former title to rule_1", p.Bindings)
	}
}
