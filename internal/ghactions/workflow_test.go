package ghactions

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The example workflows, run as GitHub runs them, far enough to hold them
// to GitHub's rules: a step's `if:` is evaluated (== and != over the
// github context, which is what the examples use), `secrets` are empty on
// a pull request from a fork, `uses: actions/checkout` is the workspace
// itself, `uses: octosync/octosync` is the action run by the simulated
// runner, and `run:` steps go to bash. The `concurrency:` block is read
// by concurrencyGroup.

type workflowFile struct {
	Concurrency struct {
		Group            string `yaml:"group"`
		CancelInProgress bool   `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Jobs map[string]struct {
		Steps []workflowStep `yaml:"steps"`
	} `yaml:"jobs"`
}

type workflowStep struct {
	Name string            `yaml:"name"`
	ID   string            `yaml:"id"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	With map[string]string `yaml:"with"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
}

func readWorkflow(t *testing.T, name string) workflowFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(exampleWorkflows, name))
	if err != nil {
		t.Fatal(err)
	}
	var wf workflowFile
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return wf
}

// jobRun is what one job of a workflow did.
type jobRun struct {
	log     string
	ran     []string // the names (or uses) of the steps that ran
	octo    *actionRun
	failed  bool
	skipped []string
}

// runWorkflowJob runs the one job of the example workflow name for ev in
// ws, with the repository's secrets (none for a fork's pull request).
func (r *simRunner) runWorkflowJob(t *testing.T, ws *workspace, name string, ev simEvent, token string) jobRun {
	t.Helper()
	wf := readWorkflow(t, name)
	if len(wf.Jobs) != 1 {
		t.Fatalf("%s: %d jobs, the simulation runs one", name, len(wf.Jobs))
	}
	ctx := map[string]string{"github.repository": "octo/config", "secrets.OCTOCOM_API_KEY": sandboxKey}
	if ev.pr != 0 {
		headRepo := "octo/config"
		if ev.fork {
			headRepo = "mallory/config"
			ctx["secrets.OCTOCOM_API_KEY"] = "" // GitHub gives a fork's run no secrets
		}
		ctx["github.event.pull_request.number"] = fmt.Sprint(ev.pr)
		ctx["github.event.pull_request.head.repo.full_name"] = headRepo
	}
	var run jobRun
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			label := firstSet(st.Name, st.Uses)
			if st.If != "" && !evalCondition(t, st.If, ctx) {
				run.skipped = append(run.skipped, label)
				continue
			}
			run.ran = append(run.ran, label)
			switch {
			case strings.HasPrefix(st.Uses, "actions/checkout@"):
				// The workspace is the checkout.
			case strings.HasPrefix(st.Uses, "octosync/octosync@"):
				inputs := map[string]string{"api-url": ws.apiURL}
				if token != "" {
					inputs["github-token"] = token
				}
				for k, v := range st.With {
					val, err := eval(v, ctx)
					if err != nil {
						t.Fatal(err)
					}
					inputs[k] = val
				}
				a := r.runAction(t, ws, ev, inputs)
				run.octo = &a
				run.log += a.log()
				for k, v := range a.outputs {
					ctx["steps."+st.ID+".outputs."+k] = v
				}
				if a.code != 0 {
					run.failed = true
					return run
				}
			case st.Run != "":
				res, err := r.runStep(actionStep{Name: label, Run: st.Run, Shell: "bash", Env: st.Env}, ctx, baseEnv(), ws.dir)
				if err != nil {
					t.Fatal(err)
				}
				run.log += res.stdout + res.stderr
				if res.code != 0 {
					run.failed = true
					return run
				}
			default:
				t.Fatalf("%s: step %q: the simulation does not know %q", name, label, st.Uses)
			}
		}
	}
	return run
}

var conditionRE = regexp.MustCompile(`^\s*([\w.]+)\s*(==|!=)\s*([\w.]+)\s*$`)

// evalCondition evaluates an `if:` of the form `a == b` or `a != b` over
// ctx; anything else fails the test, so the simulation never guesses.
func evalCondition(t *testing.T, cond string, ctx map[string]string) bool {
	t.Helper()
	cond = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(cond), "${{"), "}}")
	m := conditionRE.FindStringSubmatch(cond)
	if m == nil {
		t.Fatalf("if: %q: the simulation evaluates only a == b and a != b", cond)
	}
	value := func(name string) string {
		v, ok := ctx[name]
		if !ok {
			t.Fatalf("if: %q: the simulation does not know %s", cond, name)
		}
		return v
	}
	equal := value(m[1]) == value(m[3])
	return equal == (m[2] == "==")
}

// concurrencyGroup is GitHub's rule for the runs of one concurrency
// group: one runs; one waits; a newer one cancels the one waiting (or,
// with cancel-in-progress, the one running).
type concurrencyGroup struct {
	cancelInProgress bool
	running, pending string
	cancelled        []string
}

func (g *concurrencyGroup) start(run string) {
	switch {
	case g.running == "":
		g.running = run
	case g.cancelInProgress:
		g.cancelled = append(g.cancelled, g.running)
		g.running = run
	default:
		if g.pending != "" {
			g.cancelled = append(g.cancelled, g.pending)
		}
		g.pending = run
	}
}

// finish ends the running run; the waiting one starts.
func (g *concurrencyGroup) finish() (next string) {
	g.running, g.pending = g.pending, ""
	return g.running
}
