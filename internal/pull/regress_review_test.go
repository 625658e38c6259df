package pull

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

func rendered(t *testing.T, spec resource.Spec, id, name, dir string) map[string]string {
	files, err := document.Render(spec, id, name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[dir+"/"+f.Name] = string(f.Data)
	}
	return out
}

// R1: only the condition provider's code changed live, for a workflow that is the
// provider's only user.
func TestRegressProviderOnlyChange(t *testing.T) {
	code := "def evaluate_conditions(context):\n    return {}\n"
	newCode := "def evaluate_conditions(context):\n    return {\"x\": True}\n"
	wf := resource.Workflow{Title: "WF", Trigger: "t", Instructions: "i", ConditionProvider: &code, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}
	files := rendered(t, wf, "wf_1", "wf", "businesses/demo/workflows")
	files["octosync.yaml"] = "version: 1\n"
	for p, c := range files {
		t.Logf("%s:\n%s", p, c)
	}
	repo := writeRepo(t, files)
	wf2 := wf
	wf2.ConditionProvider = &newCode
	ops, err := computeLive(repo, []string{"demo"}, []resource.Resource{live("wf_1", wf2)}, Options{})
	if err != nil {
		t.Fatalf("pull of a provider-only live change fails: %v", err)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(repo.Root, "businesses/demo/workflows/wf.py"))
	if string(b) != newCode {
		t.Errorf("wf.py = %q", b)
	}
}

// R2: a shared provider removed by one workflow's update while the other
// workflow's id-recording ops are skipped because its file is dirty.
func TestRegressSharedProviderRemovedUnderSkippedDirtyFile(t *testing.T) {
	code := "def evaluate_conditions(context):\n    return {}\n"
	newCode := "def evaluate_conditions(context):\n    return {\"x\": True}\n"
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                       "version: 1\n",
		"businesses/demo/workflows/a.yaml":    "title: A\ntrigger: t\nconditionProvider: {file: shared.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/b.yaml":    "id: wf_2\ntitle: B\ntrigger: t\nconditionProvider: {file: shared.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/shared.py": code,
	})
	liveState := []resource.Resource{
		live("wf_1", resource.Workflow{Title: "A", Trigger: "t", Instructions: "i", ConditionProvider: &code, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
		live("wf_2", resource.Workflow{Title: "B", Trigger: "t", Instructions: "i", ConditionProvider: &newCode, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
	}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{Dirty: map[string]bool{"businesses/demo/workflows/a.yaml": true}})
	if err != nil {
		t.Logf("refused: %v", err)
		return
	}
	for _, o := range ops {
		t.Logf("%s %s %s", o.Kind, o.Path, o.Reason)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	again, _ := source.Load(repo.Root, source.LoadOptions{})
	if again.Diags.HasErrors() {
		t.Errorf("repository broken after pull: %v", again.Diags)
	}
}

// R2b: the shared provider is rewritten for one workflow while the other
// user's ops are skipped (dirty file).
func TestRegressSharedProviderRewrittenUnderSkippedDirtyFile(t *testing.T) {
	code := "def evaluate_conditions(context):\n    return {}\n"
	newCode := "def evaluate_conditions(context):\n    return {\"x\": True}\n"
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                             "version: 1\n",
		"businesses/demo/workflows/damaged.yaml":    "id: wf_1\ntitle: Damaged\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged-eu.yaml": "title: Damaged EU\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged.py":      code,
	})
	liveState := []resource.Resource{
		live("wf_1", resource.Workflow{Title: "Damaged", Trigger: "t", Instructions: "new i", ConditionProvider: &newCode, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
		live("wf_2", resource.Workflow{Title: "Damaged EU", Trigger: "t", Instructions: "i", ConditionProvider: &code, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
	}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{Dirty: map[string]bool{"businesses/demo/workflows/damaged-eu.yaml": true}})
	if err != nil {
		t.Logf("refused: %v", err)
		return
	}
	for _, o := range ops {
		t.Logf("%s %s %s", o.Kind, o.Path, o.Reason)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	again, _ := source.Load(repo.Root, source.LoadOptions{})
	for _, r := range again.Resources {
		if r.Title() == "Damaged EU" && *r.Spec.(resource.Workflow).ConditionProvider != code {
			t.Errorf("Damaged EU's condition silently changed (%s)", r.Path)
		}
	}
}
