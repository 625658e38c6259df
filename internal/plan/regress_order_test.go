package plan

import (
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

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
