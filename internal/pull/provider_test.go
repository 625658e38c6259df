package pull

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// Condition providers (the .py beside a workflow) under pull: a provider is
// rewritten for its only user, and never changed or removed under a
// workflow the pull does not rewrite.

const (
	oldCode = "def evaluate_conditions(context):\n    return {}\n"
	newCode = "def evaluate_conditions(context):\n    return {\"x\": True}\n"
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

func workflowWith(title, instructions string, code string) resource.Workflow {
	return resource.Workflow{Title: title, Trigger: "t", Instructions: instructions, ConditionProvider: &code, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}
}

// providerOf is the code of the provider of the workflow titled title, as
// the repository at root loads now.
func providerOf(t *testing.T, root, title string) string {
	t.Helper()
	again, err := source.Load(root, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Diags.HasErrors() {
		t.Fatalf("repository broken after pull: %v", again.Diags)
	}
	for _, r := range again.Resources {
		if r.Title() == title {
			return *r.Spec.(resource.Workflow).ConditionProvider
		}
	}
	t.Fatalf("no workflow %q after pull", title)
	return ""
}

func TestProviderOnlyLiveChangeRewritesTheProvider(t *testing.T) {
	wf := workflowWith("WF", "i", oldCode)
	files := rendered(t, wf, "wf_1", "wf", "businesses/demo/workflows")
	files["octosync.yaml"] = "version: 1\n"
	repo := writeRepo(t, files)
	ops, err := computeLive(repo, []string{"demo"}, []resource.Resource{live("wf_1", workflowWith("WF", "i", newCode))}, Options{})
	if err != nil {
		t.Fatalf("pull of a provider-only live change: %v", err)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(repo.Root, "businesses/demo/workflows/wf.py")); string(b) != newCode {
		t.Errorf("wf.py = %q, want the live code", b)
	}
}

// TestSharedProviderStaysForASkippedDirtyWorkflow: B leaves the provider it
// shares with A for a file of its own; A's file is dirty, so its ops are
// skipped: the shared provider must stay, unchanged, for A.
func TestSharedProviderStaysForASkippedDirtyWorkflow(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                       "version: 1\n",
		"businesses/demo/workflows/a.yaml":    "title: A\ntrigger: t\nconditionProvider: {file: shared.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/b.yaml":    "id: wf_2\ntitle: B\ntrigger: t\nconditionProvider: {file: shared.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/shared.py": oldCode,
	})
	liveState := []resource.Resource{live("wf_1", workflowWith("A", "i", oldCode)), live("wf_2", workflowWith("B", "i", newCode))}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{Dirty: map[string]bool{"businesses/demo/workflows/a.yaml": true}})
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(ops, func(o Op) bool { return o.Path == "businesses/demo/workflows/shared.py" }); i >= 0 {
		t.Errorf("pull touches the provider A still uses: %s %s", ops[i].Kind, ops[i].Reason)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	if got := providerOf(t, repo.Root, "A"); got != oldCode {
		t.Errorf("A's provider = %q, want it unchanged", got)
	}
	if got := providerOf(t, repo.Root, "B"); got != newCode {
		t.Errorf("B's provider = %q, want the live code", got)
	}
}

// TestSharedProviderChangeIsRefusedWhileTheOtherUserIsDirty: live changed
// the provider for one workflow while the other user's file is dirty (its
// ops skipped): writing the new code would change the other silently, so
// the pull is refused, naming the provider and the user it keeps.
func TestSharedProviderChangeIsRefusedWhileTheOtherUserIsDirty(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                             "version: 1\n",
		"businesses/demo/workflows/damaged.yaml":    "id: wf_1\ntitle: Damaged\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged-eu.yaml": "title: Damaged EU\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged.py":      oldCode,
	})
	liveState := []resource.Resource{live("wf_1", workflowWith("Damaged", "new i", newCode)), live("wf_2", workflowWith("Damaged EU", "i", oldCode))}
	_, err := computeLive(repo, []string{"demo"}, liveState, Options{Dirty: map[string]bool{"businesses/demo/workflows/damaged-eu.yaml": true}})
	var se *SharedProviderError
	if !errors.As(err, &se) || se.Provider != "businesses/demo/workflows/damaged.py" || !slices.Equal(se.Users, []string{"businesses/demo/workflows/damaged-eu.yaml"}) {
		t.Fatalf("err = %v, want a SharedProviderError for damaged.py kept by damaged-eu.yaml", err)
	}
	if got := providerOf(t, repo.Root, "Damaged EU"); got != oldCode {
		t.Errorf("Damaged EU's provider changed: %q", got)
	}
}

func TestSharedProviderIsNeverOverwrittenForOneWorkflow(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                             "version: 1\n",
		"businesses/demo/workflows/damaged.yaml":    "id: wf_1\ntitle: Damaged\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged-eu.yaml": "id: wf_2\ntitle: Damaged EU\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged.py":      oldCode,
	})
	liveState := []resource.Resource{live("wf_1", workflowWith("Damaged", "i", newCode)), live("wf_2", workflowWith("Damaged EU", "i", oldCode))}
	// Writing the new code into the shared file would silently change
	// Damaged EU too: the pull is refused with the fix, nothing written.
	_, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	var se *SharedProviderError
	if !errors.As(err, &se) || se.Provider != "businesses/demo/workflows/damaged.py" {
		t.Fatalf("err = %v", err)
	}
	if got := providerOf(t, repo.Root, "Damaged EU"); got != oldCode {
		t.Errorf("Damaged EU's provider changed: %q", got)
	}
}

// TestDirtySkipSkipsTheWholeResource: a workflow skipped because its file
// is dirty keeps its provider too.
func TestDirtySkipSkipsTheWholeResource(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                     "version: 1\n",
		"businesses/demo/workflows/wf.yaml": "title: WF\ntrigger: t\nconditionProvider: {file: cond.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/cond.py": oldCode,
	})
	ops, err := computeLive(repo, []string{"demo"}, []resource.Resource{live("wf_1", workflowWith("WF", "i", oldCode))}, Options{Dirty: map[string]bool{"businesses/demo/workflows/wf.yaml": true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(repo.Root, "businesses/demo/workflows/cond.py")); err != nil {
		t.Errorf("provider of the skipped (dirty) wf.yaml was removed: %v", err)
	}
	providerOf(t, repo.Root, "WF")
}
