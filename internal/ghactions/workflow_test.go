package ghactions

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The example workflows, run as GitHub runs them, far enough to hold them
// to GitHub's rules: a step's `if:` is evaluated (== and != over the
// github context, which is what the examples use), `secrets` are empty on
// a pull request from a fork, `uses: actions/checkout` is the workspace
// itself, `uses: octosync/octosync` is the action run by the simulated
// runner, and `run:` steps go to bash. The `concurrency:` block, of the
// workflow or of a job, is read by concurrencyGroup (GitHub compares group
// names without case: concurrencyGroups). A job matrix (strategy.matrix.include) runs the job
// once per entry; several jobs run in the order of their `needs:`, a job
// bound to a GitHub `environment:` only when its reviewers approve.

type workflowFile struct {
	Concurrency concurrency            `yaml:"concurrency"`
	Jobs        map[string]workflowJob `yaml:"jobs"`
}

// concurrency is a `concurrency:` block: a mapping, or the group's name
// alone.
type concurrency struct {
	Group            string `yaml:"group"`
	CancelInProgress bool   `yaml:"cancel-in-progress"`
}

func (c *concurrency) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*c = concurrency{Group: n.Value}
		return nil
	}
	type plain concurrency
	return n.Decode((*plain)(c))
}

type workflowJob struct {
	Needs stringList `yaml:"needs"`
	// Environment is the GitHub environment the job is bound to (its
	// protection rules, such as required reviewers, gate the job).
	Environment string `yaml:"environment"`
	// Concurrency is the job's own group: its runs queue apart from the
	// workflow's other jobs.
	Concurrency concurrency `yaml:"concurrency"`
	Strategy    struct {
		Matrix struct {
			Include []map[string]string `yaml:"include"`
		} `yaml:"matrix"`
	} `yaml:"strategy"`
	Steps []workflowStep `yaml:"steps"`
}

// stringList is a YAML string or list of strings, as `needs:` is.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = []string{n.Value}
		return nil
	}
	return n.Decode((*[]string)(l))
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
	path := name
	if !strings.Contains(name, "/") {
		path = filepath.Join(exampleWorkflows, name)
	}
	data, err := os.ReadFile(path)
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
	job string
	// environment is the GitHub environment the job was bound to.
	environment string
	log         string
	ran         []string // the names (or uses) of the steps that ran
	octo        *actionRun
	failed      bool
	skipped     []string
}

// runWorkflowJob runs the one job of the example workflow name for ev in
// ws, with the repository's secrets (none for a fork's pull request).
func (r *simRunner) runWorkflowJob(t *testing.T, ws *workspace, name string, ev simEvent, token string) jobRun {
	t.Helper()
	wf := readWorkflow(t, name)
	if len(wf.Jobs) != 1 {
		t.Fatalf("%s: %d jobs, the simulation runs one", name, len(wf.Jobs))
	}
	for _, job := range wf.Jobs {
		return r.runJob(t, ws, name, job, ev, token, nil)
	}
	panic("unreachable")
}

// runWorkflowMatrix runs the one job of workflow name once per entry of
// its matrix (strategy.matrix.include), as GitHub does, each with that
// entry as the matrix context.
func (r *simRunner) runWorkflowMatrix(t *testing.T, ws *workspace, name string, ev simEvent, token string) []jobRun {
	t.Helper()
	wf := readWorkflow(t, name)
	if len(wf.Jobs) != 1 {
		t.Fatalf("%s: %d jobs, the simulation runs one", name, len(wf.Jobs))
	}
	var runs []jobRun
	for _, job := range wf.Jobs {
		if len(job.Strategy.Matrix.Include) == 0 {
			t.Fatalf("%s: no strategy.matrix.include", name)
		}
		for _, entry := range job.Strategy.Matrix.Include {
			runs = append(runs, r.runJob(t, ws, name, job, ev, token, entry))
		}
	}
	return runs
}

// runJob runs job of workflow name for ev in ws, with the repository's
// secrets (none for a fork's pull request) and the matrix entry matrix.
func (r *simRunner) runJob(t *testing.T, ws *workspace, name string, job workflowJob, ev simEvent, token string, matrix map[string]string) jobRun {
	t.Helper()
	ctx := map[string]string{"github.repository": "octo/config"}
	secrets := ws.secrets
	if secrets == nil {
		secrets = map[string]string{"OCTOCOM_API_KEY": sandboxKey}
	}
	for k, v := range secrets {
		ctx["secrets."+k] = v
	}
	for k, v := range matrix {
		ctx["matrix."+k] = v
	}
	if ev.pr != 0 {
		headRepo := "octo/config"
		if ev.fork {
			headRepo = "mallory/config"
			for k := range secrets {
				ctx["secrets."+k] = "" // GitHub gives a fork's run no secrets
			}
		}
		ctx["github.event.pull_request.number"] = fmt.Sprint(ev.pr)
		ctx["github.event.pull_request.head.repo.full_name"] = headRepo
	}
	var run jobRun
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
	return run
}

// runWorkflowJobs runs every job of workflow name for ev in ws in the
// order of their needs, as GitHub does: a job starts once each job it
// needs succeeded, and is skipped when one failed or was skipped. A job
// bound to a GitHub environment waits for its required reviewers:
// approve(environment) is their decision, and a job not approved does not
// run. The result lists the jobs that ran, in order, and those skipped.
func (r *simRunner) runWorkflowJobs(t *testing.T, ws *workspace, name string, ev simEvent, approve func(environment string) bool) (ran []jobRun, skipped []string) {
	t.Helper()
	wf := readWorkflow(t, name)
	done := map[string]bool{} // job -> succeeded
	for len(done) < len(wf.Jobs) {
		progress := false
		for _, id := range sortedKeys(wf.Jobs) {
			job := wf.Jobs[id]
			if _, ok := done[id]; ok {
				continue
			}
			ready, ok := true, true
			for _, need := range job.Needs {
				succeeded, finished := done[need]
				ready = ready && finished
				ok = ok && succeeded
			}
			if !ready {
				continue
			}
			progress = true
			if !ok || (job.Environment != "" && !approve(job.Environment)) {
				done[id] = false
				skipped = append(skipped, id)
				continue
			}
			run := r.runJob(t, ws, name, job, ev, "", nil)
			run.job, run.environment = id, job.Environment
			done[id] = !run.failed
			ran = append(ran, run)
		}
		if !progress {
			t.Fatalf("%s: the jobs' needs form a cycle or name a missing job", name)
		}
	}
	return ran, skipped
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
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

// concurrencyGroups are a repository's groups by name; GitHub compares
// the names without case ("prod" and "Prod" are one group).
type concurrencyGroups map[string]*concurrencyGroup

// of is the group c names (its name already evaluated).
func (gs concurrencyGroups) of(c concurrency) *concurrencyGroup {
	key := strings.ToLower(c.Group)
	if gs[key] == nil {
		gs[key] = &concurrencyGroup{cancelInProgress: c.CancelInProgress}
	}
	return gs[key]
}
