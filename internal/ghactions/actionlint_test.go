package ghactions

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// exampleWorkflows are the workflows a team copies into its repository.
const exampleWorkflows = "../../example-repo/.github/workflows"

// actionSpec is how the example workflows name the action.
const actionSpec = "octosync/octosync@v1"

// newLinter is actionlint as a library, with shellcheck when installed.
func newLinter(t *testing.T, out *bytes.Buffer) *actionlint.Linter {
	t.Helper()
	opts := &actionlint.LinterOptions{Oneline: true}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	}
	l, err := actionlint.NewLinter(out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// registerAction makes actionlint know the action's inputs and outputs
// under actionSpec, read from action.yml by actionlint's own metadata
// parser (which also rejects a malformed action.yml), so that every
// workflow's `with:` is checked against them.
func registerAction(t *testing.T) *actionlint.ActionMetadata {
	t.Helper()
	proj, err := actionlint.NewProject("../..")
	if err != nil {
		t.Fatal(err)
	}
	meta, _, err := actionlint.NewLocalActionsCache(proj, nil).FindMetadata("./")
	if err != nil || meta == nil {
		t.Fatalf("action.yml: %v", err)
	}
	prev, had := actionlint.PopularActions[actionSpec]
	actionlint.PopularActions[actionSpec] = meta
	t.Cleanup(func() {
		if had {
			actionlint.PopularActions[actionSpec] = prev
		} else {
			delete(actionlint.PopularActions, actionSpec)
		}
	})
	return meta
}

func TestExampleWorkflowsPassActionlint(t *testing.T) {
	meta := registerAction(t)
	if meta.Runs.Using != "composite" || !meta.Inputs["command"].Required {
		t.Fatalf("action.yml: runs.using %q, command required %v", meta.Runs.Using, meta.Inputs["command"].Required)
	}
	files, _ := filepath.Glob(filepath.Join(exampleWorkflows, "*.yml"))
	if len(files) != 3 {
		t.Fatalf("want the plan, apply and drift workflows, found %v", files)
	}
	promotion, _ := filepath.Glob(filepath.Join(promotionWorkflows, "*.yml"))
	if len(promotion) != 3 {
		t.Fatalf("want the promotion pipeline's plan, promote and drift workflows, found %v", promotion)
	}
	for _, f := range append(files, promotion...) {
		var out bytes.Buffer
		errs, err := newLinter(t, &out).LintFile(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(errs) > 0 {
			t.Errorf("%s:\n%s", f, out.String())
		}
	}
}

// TestActionlintChecksTheActionsInputs proves the check above has teeth: a
// workflow giving the action an input it does not have, or leaving out the
// required command, is reported.
func TestActionlintChecksTheActionsInputs(t *testing.T) {
	registerAction(t)
	wf := `on: push
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: octosync/octosync@v1
        with:
          comand: plan
`
	var out bytes.Buffer
	errs, err := newLinter(t, &out).Lint("bad.yml", []byte(wf), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if len(errs) == 0 || !strings.Contains(got, `input "comand" is not defined`) || !strings.Contains(got, `missing input "command"`) {
		t.Errorf("actionlint did not check the inputs:\n%s", got)
	}
}

// TestActionStepsPassActionlint lints the composite action's own steps:
// actionlint reads action.yml only for its inputs and outputs, so its steps
// are put into a workflow whose workflow_call inputs are the action's, where
// every expression, `uses:` (setup-go's inputs) and script gets checked.
func TestActionStepsPassActionlint(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct {
			Required bool `yaml:"required"`
		} `yaml:"inputs"`
		Runs struct {
			Steps []map[string]any `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	inputs := map[string]any{}
	for name, in := range action.Inputs {
		inputs[name] = map[string]any{"type": "string", "required": in.Required}
	}
	wf := map[string]any{
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs}},
		"jobs": map[string]any{"action": map[string]any{"runs-on": "ubuntu-latest", "steps": action.Runs.Steps}},
	}
	text, err := yaml.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	errs, err := newLinter(t, &out).Lint("action.yml", text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Errorf("action.yml steps:\n%s\nas linted:\n%s", out.String(), text)
	}
}

// TestReadmeAndExamplesUseOneCheckoutVersion: a snippet copied from the
// README and a workflow copied from example-repo pin the same
// actions/checkout.
func TestReadmeAndExamplesUseOneCheckoutVersion(t *testing.T) {
	uses := regexp.MustCompile(`uses: actions/checkout@(\S+)`)
	versions := map[string][]string{}
	files, _ := filepath.Glob(filepath.Join(exampleWorkflows, "*.yml"))
	promotion, _ := filepath.Glob(filepath.Join(promotionWorkflows, "*.yml"))
	files = append(files, promotion...)
	docs, _ := filepath.Glob("../../docs/*.md")
	for _, f := range append(append(files, "../../README.md"), docs...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range uses.FindAllStringSubmatch(string(data), -1) {
			versions[m[1]] = append(versions[m[1]], filepath.Base(f))
		}
	}
	if len(versions) != 1 {
		t.Errorf("actions/checkout versions in use: %v", versions)
	}
}
