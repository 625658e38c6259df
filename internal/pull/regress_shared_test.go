package pull

import (
	"errors"
	"testing"

	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// TestSharedProviderIsNeverOverwrittenForOneWorkflow (found in review).
func TestSharedProviderIsNeverOverwrittenForOneWorkflow(t *testing.T) {
	code := "def evaluate_conditions(context):\n    return {}\n"
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                             "version: 1\n",
		"businesses/demo/workflows/damaged.yaml":    "id: wf_1\ntitle: Damaged\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged-eu.yaml": "id: wf_2\ntitle: Damaged EU\ntrigger: t\nconditionProvider: {file: damaged.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/damaged.py":      code,
	})
	newCode := "def evaluate_conditions(context):\n    return {\"x\": True}\n"
	liveState := []resource.Resource{
		live("wf_1", resource.Workflow{Title: "Damaged", Trigger: "t", Instructions: "i", ConditionProvider: &newCode, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
		live("wf_2", resource.Workflow{Title: "Damaged EU", Trigger: "t", Instructions: "i", ConditionProvider: &code, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
	}
	// Writing the new code into the shared file would silently change
	// Damaged EU too: the pull is refused with the fix, nothing written.
	_, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	var se *SharedProviderError
	if !errors.As(err, &se) || se.Provider != "businesses/demo/workflows/damaged.py" {
		t.Fatalf("err = %v", err)
	}
	again, _ := source.Load(repo.Root, source.LoadOptions{})
	for _, r := range again.Resources {
		if r.ID == "wf_2" && *r.Spec.(resource.Workflow).ConditionProvider != code {
			t.Errorf("wf_2 changed")
		}
	}
}
