package pull

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

func TestDirtySkipSkipsTheWholeResource(t *testing.T) {
	code := "def evaluate_conditions(context):\n    return {}\n"
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                     "version: 1\n",
		"businesses/demo/workflows/wf.yaml": "title: WF\ntrigger: t\nconditionProvider: {file: cond.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/cond.py": code,
	})
	liveState := []resource.Resource{
		live("wf_1", resource.Workflow{Title: "WF", Trigger: "t", Instructions: "i", ConditionProvider: &code, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
	}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{Dirty: map[string]bool{"businesses/demo/workflows/wf.yaml": true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(repo.Root, "businesses/demo/workflows/cond.py")); err != nil {
		t.Errorf("provider of the skipped (dirty) wf.yaml was removed: %v", err)
	}
	if again, _ := source.Load(repo.Root, source.LoadOptions{}); again.Diags.HasErrors() {
		t.Errorf("repository broken after pull: %v", again.Diags)
	}
}

func TestStaleIDNeverTakesAnIDAlreadyClaimed(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                       "version: 1\n",
		"businesses/demo/bot-rules/a.yaml":    "id: rule_1\ntitle: Be kind\ncontent: Always be kind.\nenabled: true\n",
		"businesses/demo/bot-rules/copy.yaml": "id: rule_from_staging\ntitle: Be kind\ncontent: Always be kind.\nenabled: true\n",
	})
	liveState := []resource.Resource{live("rule_1", resource.BotRule{Title: "Be kind", Content: "Always be kind.", Enabled: true})}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range ops {
		if o.Path == "businesses/demo/bot-rules/copy.yaml" {
			t.Errorf("pull writes an id another file already claims: %q", o.Data)
		}
	}
}
