package plan

import "github.com/octosync/octosync/internal/resource"

// phase is what a change does to its kind's place in the dependency order.
type phase int

const (
	upsert         phase = iota // create, restore, or an update that does not disable
	disable                     // an update turning enabled from true to false
	restoreDisable              // a restore that ends disabled (its restored version may be enabled)
	remove                      // a delete
)

// stage is one step of apply: every change of the kind whose phase is in
// phases. Changes within a stage are independent of each other.
type stage struct {
	kind   resource.Kind
	phases []phase
}

// applyOrder is the order in which apply runs changes, stage after stage:
//
//	stage  kind      changes
//	  1    article   create, update, restore   ─┐ top-down: what workflows and
//	  2    workflow  create, update, restore    │ rules may refer to exists first
//	  3    bot-rule  delete, disabling update   │ frees enabled-rule slots (the API
//	  4    bot-rule  restore ending disabled,   │ allows 25 enabled per business);
//	                 one at a time              │
//	  5    bot-rule  create, update, restore   ─┘ 4 briefly re-enables, after 3 freed
//	  6    workflow  delete                    ─┐ bottom-up: nothing left
//	  7    article   delete                    ─┘ refers to what goes
//
// Bot-rule deletes run before bot-rule creates so that replacing one rule
// by another never exceeds the enabled-rule limit; they still run before
// the other kinds' deletes, so deletes stay bottom-up.
var applyOrder = []stage{
	{resource.KindArticle, []phase{upsert, disable, restoreDisable}},
	{resource.KindWorkflow, []phase{upsert, disable, restoreDisable}},
	{resource.KindBotRule, []phase{remove, disable}},
	{resource.KindBotRule, []phase{restoreDisable}},
	{resource.KindBotRule, []phase{upsert}},
	{resource.KindWorkflow, []phase{remove}},
	{resource.KindArticle, []phase{remove}},
}

// Levels groups the changes apply may execute under a into stages to run one
// after another (see applyOrder); the changes of one stage are independent
// and may run in parallel, in plan order. Changes withheld under a (Held:
// prune, or a mass delete a does not allow) are left out; drifted ones are
// kept, so apply reports them skipped unless a.ForceDrift. Empty stages are
// omitted.
func (p *Plan) Levels(a Allow) [][]Change {
	var out [][]Change
	for _, s := range applyOrder {
		var level []Change
		for _, c := range p.Changes {
			if h := c.Held(a); (h == "" || h == HoldDrift) && c.Key.Kind == s.kind && containsPhase(s.phases, phaseOf(c)) {
				level = append(level, c)
			}
		}
		if s.kind == resource.KindBotRule && containsPhase(s.phases, restoreDisable) {
			// Each briefly takes a slot: one at a time.
			for _, c := range level {
				out = append(out, []Change{c})
			}
			continue
		}
		if len(level) > 0 {
			out = append(out, level)
		}
	}
	return out
}

func containsPhase(ps []phase, p phase) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

func phaseOf(c Change) phase {
	switch {
	case c.Action == Delete:
		return remove
	case c.Action == Update && enabled(c.Before) && !enabled(c.After):
		return disable
	case c.Action == Restore && !enabled(c.After):
		// It first brings back the deleted (maybe enabled) version, then
		// disables it: run it after the slots are freed, before the enables.
		return restoreDisable
	}
	return upsert
}

// enabled reports a spec's enabled flag (false for nil).
func enabled(s resource.Spec) bool {
	switch v := s.(type) {
	case resource.Article:
		return v.Enabled
	case resource.Workflow:
		return v.Enabled
	case resource.BotRule:
		return v.Enabled
	}
	return false
}
