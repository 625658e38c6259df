package ghactions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// The simulated runner executes the composite action's steps the way the
// GitHub Actions runner does: `uses:` steps are checked (setup-go must be
// told the action's own go.mod and go.sum), `run:` steps go to
// `bash --noprofile --norc -eo pipefail` with the step's env, working
// directory and ${{ }} expressions evaluated, and GITHUB_OUTPUT /
// GITHUB_STEP_SUMMARY files per step that the test reads back.

// actionFile is the composite action, as the runner reads it.
type actionFile struct {
	Inputs map[string]struct {
		Default  string `yaml:"default"`
		Required bool   `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
}

// simRunner runs the action from the repository root (the action's path).
type simRunner struct {
	action     actionFile
	actionPath string
	temp       string // RUNNER_TEMP, shared: the built binary lives there
	buildErr   error
}

var (
	simOnce sync.Once
	sim     *simRunner
)

// theRunner loads action.yml and runs its setup and build steps once per
// test binary.
func theRunner(t *testing.T) *simRunner {
	t.Helper()
	if testing.Short() {
		t.Skip("builds octosync: skipped with -short")
	}
	simOnce.Do(func() {
		root, _ := filepath.Abs("../..")
		sim = &simRunner{actionPath: root}
		data, err := os.ReadFile(filepath.Join(root, "action.yml"))
		if err == nil {
			err = yaml.Unmarshal(data, &sim.action)
		}
		if err == nil {
			sim.temp, err = os.MkdirTemp("", "octosync-runner-")
		}
		if err == nil {
			err = sim.build()
		}
		sim.buildErr = err
	})
	if sim.buildErr != nil {
		t.Fatalf("simulated runner: %v", sim.buildErr)
	}
	return sim
}

// build checks the action's setup step and runs every step before the
// one with id "run".
func (r *simRunner) build() error {
	if r.action.Runs.Using != "composite" {
		return fmt.Errorf("action.yml: runs.using is %q, want composite", r.action.Runs.Using)
	}
	ctx := r.context(nil, simEvent{name: "push"})
	for _, st := range r.action.Runs.Steps {
		if st.ID == "run" {
			return nil
		}
		if st.Uses != "" {
			if err := r.checkSetupGo(st, ctx); err != nil {
				return err
			}
			continue
		}
		env := append(baseEnv(), "RUNNER_TEMP="+r.temp)
		res, err := r.runStep(st, ctx, env, r.actionPath)
		if err != nil {
			return err
		}
		if res.code != 0 {
			return fmt.Errorf("step %q exited %d:\n%s%s", st.Name, res.code, res.stdout, res.stderr)
		}
	}
	return fmt.Errorf("action.yml: no step with id run")
}

// checkSetupGo: the action builds from its own source, so setup-go reads
// the Go version from its go.mod and keys the module cache on its go.sum.
func (r *simRunner) checkSetupGo(st actionStep, ctx map[string]string) error {
	if !strings.HasPrefix(st.Uses, "actions/setup-go@") {
		return fmt.Errorf("action.yml: unexpected action %s", st.Uses)
	}
	for key, file := range map[string]string{"go-version-file": "go.mod", "cache-dependency-path": "go.sum"} {
		v, err := eval(st.With[key], ctx)
		if err != nil {
			return err
		}
		if v != filepath.Join(r.actionPath, file) {
			return fmt.Errorf("setup-go %s = %q, want the action's own %s", key, v, file)
		}
	}
	return nil
}

// simEvent is the event that triggers a run.
type simEvent struct {
	name    string // pull_request, push, schedule
	payload any
	// pr is the pull request of a pull_request event; its payload is made
	// when the run starts: head is the checkout's HEAD unless set, and the
	// pull request's head moves there unless stale (a run that started
	// before a newer push).
	pr    int
	head  string
	stale bool
	// fork: the pull request comes from a fork.
	fork bool
}

// context is the ${{ }} context of a run: inputs (with the action's
// defaults) and the github properties the action may use.
func (r *simRunner) context(inputs map[string]string, ev simEvent) map[string]string {
	ctx := map[string]string{
		"github.action_path": r.actionPath,
		"github.action_ref":  "",
		"github.token":       "ghs_test-token",
		"github.event_name":  ev.name,
	}
	for name, in := range r.action.Inputs {
		ctx["inputs."+name] = in.Default
	}
	for name, in := range r.action.Inputs {
		if v, ok := inputs[name]; ok {
			ctx["inputs."+name] = v
		} else if d, err := eval(in.Default, ctx); err == nil {
			ctx["inputs."+name] = d
		}
	}
	return ctx
}

var (
	exprRE  = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	indexRE = regexp.MustCompile(`^(\w+)\[([\w.-]+)\]$`)
)

// eval replaces ${{ name }} by its value, and ${{ ctx[name] }} (a secret
// named by the matrix) by the value of ctx.<name's value>; any other
// expression is an error, so the simulation never guesses.
func eval(s string, ctx map[string]string) (string, error) {
	var bad error
	out := exprRE.ReplaceAllStringFunc(s, func(m string) string {
		name := exprRE.FindStringSubmatch(m)[1]
		if ix := indexRE.FindStringSubmatch(name); ix != nil {
			key, ok := ctx[ix[2]]
			if !ok {
				bad = fmt.Errorf("expression %q: the simulated runner does not know %s", m, ix[2])
			}
			name = ix[1] + "." + key
		}
		v, ok := ctx[name]
		if !ok {
			bad = fmt.Errorf("expression %q: the simulated runner does not know it", m)
		}
		return v
	})
	return out, bad
}

// baseEnv is the test's environment without anything GitHub, runner or
// Octocom related, so only what the simulation sets is seen.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GITHUB_") || strings.HasPrefix(k, "RUNNER_") || strings.HasPrefix(k, "OCTOCOM_") || strings.HasPrefix(k, "INPUT_") || strings.HasPrefix(k, "GIT_") || k == "GH_TOKEN" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, gitEnv...)
}

// gitEnv makes commits reproducible and keeps the user's git config out.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=Test Author", "GIT_AUTHOR_EMAIL=author@example.com",
	"GIT_COMMITTER_NAME=Test Author", "GIT_COMMITTER_EMAIL=author@example.com",
	"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
}

type stepResult struct {
	code           int
	stdout, stderr string
}

// runStep runs one `run:` step with bash as GitHub does.
func (r *simRunner) runStep(st actionStep, ctx map[string]string, env []string, dir string) (stepResult, error) {
	if st.Shell != "bash" {
		return stepResult{}, fmt.Errorf("step %q: shell %q, want bash", st.Name, st.Shell)
	}
	script, err := eval(st.Run, ctx)
	if err != nil {
		return stepResult{}, fmt.Errorf("step %q: %w", st.Name, err)
	}
	if st.WorkingDirectory != "" {
		if dir, err = eval(st.WorkingDirectory, ctx); err != nil {
			return stepResult{}, err
		}
	}
	for k, v := range st.Env {
		val, err := eval(v, ctx)
		if err != nil {
			return stepResult{}, fmt.Errorf("step %q: env %s: %w", st.Name, k, err)
		}
		env = append(env, k+"="+val)
	}
	f, err := os.CreateTemp(r.temp, "step-*.sh")
	if err != nil {
		return stepResult{}, err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(script); err != nil {
		return stepResult{}, err
	}
	f.Close()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", f.Name())
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	res := stepResult{stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
	} else if err != nil {
		return res, err
	}
	return res, nil
}

// actionRun is one run of the action's main step, with its files read back.
type actionRun struct {
	stepResult
	outputs map[string]string // the action's outputs, as a workflow sees them
	summary string            // the step summary file
}

// log is everything the step printed, as the job's log shows it.
func (a actionRun) log() string { return a.stdout + a.stderr }

// runAction runs the action's main step in ws for ev with inputs.
func (r *simRunner) runAction(t *testing.T, ws *workspace, ev simEvent, inputs map[string]string) actionRun {
	t.Helper()
	ctx := r.context(inputs, ev)
	stepDir := t.TempDir()
	eventPath := filepath.Join(stepDir, "event.json")
	if ev.pr != 0 {
		ev.payload = ws.pullRequestPayload(t, ev)
	}
	payload, _ := json.Marshal(ev.payload)
	if err := os.WriteFile(eventPath, payload, 0o644); err != nil {
		t.Fatal(err)
	}
	outFile, sumFile := filepath.Join(stepDir, "output"), filepath.Join(stepDir, "summary")
	for _, f := range []string{outFile, sumFile} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(baseEnv(),
		"GITHUB_ACTIONS=true", "CI=true",
		"GITHUB_WORKSPACE="+ws.dir, "GITHUB_OUTPUT="+outFile, "GITHUB_STEP_SUMMARY="+sumFile,
		"GITHUB_EVENT_NAME="+ev.name, "GITHUB_EVENT_PATH="+eventPath,
		"GITHUB_REPOSITORY=octo/config", "GITHUB_API_URL="+ws.github.srv.URL,
		"GITHUB_SERVER_URL=https://github.example", "GITHUB_RUN_ID=4242", "GITHUB_RUN_ATTEMPT=1",
		"GITHUB_SHA="+ws.head(t), "GITHUB_REF_NAME=main", "RUNNER_TEMP="+r.temp,
	)
	var main *actionStep
	for i := range r.action.Runs.Steps {
		if r.action.Runs.Steps[i].ID == "run" {
			main = &r.action.Runs.Steps[i]
		}
	}
	res, err := r.runStep(*main, ctx, env, ws.dir)
	if err != nil {
		t.Fatal(err)
	}
	run := actionRun{stepResult: res, outputs: map[string]string{}}
	stepOutputs := readOutputs(t, outFile)
	for name, o := range r.action.Outputs {
		ref := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(o.Value), "${{ steps.run.outputs."), " }}")
		if v, ok := stepOutputs[ref]; ok {
			run.outputs[name] = v
		}
	}
	sum, _ := os.ReadFile(sumFile)
	run.summary = string(sum)
	return run
}
