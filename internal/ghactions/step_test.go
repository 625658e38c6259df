package ghactions

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
)

// testStep is a Step in a simulated workspace /ws with its repository at
// /ws/config, writing its files into a temporary folder.
func testStep(t *testing.T, extra map[string]string) (*Step, *bytes.Buffer, string) {
	dir := t.TempDir()
	env := map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": "/ws", "GITHUB_OUTPUT": filepath.Join(dir, "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"), "RUNNER_TEMP": dir, "GITHUB_EVENT_NAME": "push",
	}
	for k, v := range extra {
		env[k] = v
	}
	var log bytes.Buffer
	return NewStep(func(k string) string { return env[k] }, "/ws/config", &log), &log, dir
}

func TestPlanDoneAnnotatesDrift(t *testing.T) {
	s, log, dir := testStep(t, nil)
	c := update("returns", "old", "new")
	c.Drift = &plan.Drift{Author: provider.Author{Type: provider.AuthorUser, Name: "alice"}, At: time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC), Version: 4}
	if err := s.PlanDone(context.Background(), testPlan(c), "", false); err != nil {
		t.Fatal(err)
	}
	want := `::warning file=config/businesses/acme/articles/returns.md,title=octosync%3A drift::article "returns" in acme: edited in the dashboard by alice at 2026-11-02 09:30 UTC (version 4); apply leaves it alone`
	if !strings.HasPrefix(log.String(), want) {
		t.Errorf("annotation:\n got %s\nwant %s…", log.String(), want)
	}
	out := readOutputs(t, filepath.Join(dir, "output"))
	if out["drift"] != "1" || out["changes"] != "0" || !strings.HasPrefix(out["fingerprint"], "sha256:") {
		t.Errorf("outputs: %v", out)
	}
	if _, err := os.Stat(out["plan-json"]); err != nil {
		t.Errorf("plan-json: %v", err)
	}
}

func TestApplyDoneAnnotatesFailures(t *testing.T) {
	s, log, dir := testStep(t, nil)
	c := update("returns", "old", "new")
	r := &apply.Report{Results: []apply.Result{{Change: c, Outcome: apply.Failed, Reason: "422 validation_error: content: too long", Err: errors.New("x")}}}
	if err := s.ApplyDone(context.Background(), nil, testPlan(c), r); err != nil {
		t.Fatal(err)
	}
	want := "::error file=config/businesses/acme/articles/returns.md,title=octosync%3A apply failed::update article \"returns\" in acme failed: 422 validation_error: content: too long\n"
	if log.String() != want {
		t.Errorf("annotation:\n got %s\nwant %s", log.String(), want)
	}
	if out := readOutputs(t, filepath.Join(dir, "output")); out["summary"] != "0 applied, 1 failed, 0 skipped" || out["changes"] != "0" {
		t.Errorf("outputs: %v", out)
	}
	if sum, _ := os.ReadFile(filepath.Join(dir, "summary")); !strings.Contains(string(sum), "- **failed** update <code>returns</code> article in acme: 422 validation&#95;error") {
		t.Errorf("step summary:\n%s", sum)
	}
}

func TestStepDoesNothingOutsideGitHubActions(t *testing.T) {
	var log bytes.Buffer
	dir := t.TempDir()
	env := map[string]string{"GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary")}
	s := NewStep(func(k string) string { return env[k] }, "/ws", &log)
	if err := s.PlanDone(context.Background(), testPlan(update("returns", "a", "b")), "", false); err != nil {
		t.Fatal(err)
	}
	if log.Len() > 0 {
		t.Errorf("printed %q", log.String())
	}
	if _, err := os.Stat(env["GITHUB_OUTPUT"]); !errors.Is(err, os.ErrNotExist) {
		t.Error("wrote outputs without GITHUB_ACTIONS=true")
	}
	if err := s.CheckCommand("plan", true, false); err == nil || !strings.Contains(err.Error(), "works only in GitHub Actions") {
		t.Errorf("plan --comment outside GitHub Actions: %v", err)
	}
}

// TestStepDirKeysEveryDirectoryApart: a directory outside the workspace
// gets a comment key of its own, never the workspace root's ".".
func TestStepDirKeysEveryDirectoryApart(t *testing.T) {
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": "/ws"}
	getenv := func(k string) string { return env[k] }
	for root, want := range map[string]string{"/ws": ".", "/ws/config": "config", "/elsewhere/config": "/elsewhere/config", "/ws-other": "/ws-other"} {
		if got := NewStep(getenv, root, nil).Dir; got != want {
			t.Errorf("NewStep(%s).Dir = %q, want %q", root, got, want)
		}
	}
}

// TestPlanCommentPingsNobody: an @mention in a title reaches the comment
// as text that GitHub does not turn into a mention; an e-mail address,
// which mentions nobody, is kept as written so that it can be copied.
func TestPlanCommentPingsNobody(t *testing.T) {
	c := update("returns", "old", "new")
	c.Key.Title = "Returns, ask @alice (@bob) or help@northwind.example"
	p := testPlan(c)
	body, err := PlanCommentBody(Env{}, ".", "", p, mustFingerprint(t, p))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "ask @\u200balice") || regexp.MustCompile(`@alice|@bob`).MatchString(body) {
		t.Errorf("the comment mentions @alice or @bob:\n%s", body)
	}
	if !strings.Contains(body, "help@northwind.example") {
		t.Errorf("the e-mail address is not kept as written:\n%s", body)
	}
}

func TestGraphQLURLBesideTheRESTRoot(t *testing.T) {
	for rest, want := range map[string]string{
		"https://api.github.com":         "https://api.github.com/graphql",
		"https://ghe.example.com/api/v3": "https://ghe.example.com/api/graphql",
		"http://127.0.0.1:4000":          "http://127.0.0.1:4000/graphql",
	} {
		if got := graphqlURL(rest); got != want {
			t.Errorf("graphqlURL(%s) = %s, want %s", rest, got, want)
		}
	}
}

// TestPlanJSONKeepsOneFilePerEnvironment: two environments planned in one
// job write two plan-json files, each holding its own environment's plan.
func TestPlanJSONKeepsOneFilePerEnvironment(t *testing.T) {
	s, _, _ := testStep(t, nil)
	paths := map[string]string{}
	for _, env := range []string{"staging", "production", ""} {
		p := testPlan(update("returns", "old", "new"))
		p.Environment = env
		path, err := s.planJSON(p, "")
		if err != nil {
			t.Fatal(err)
		}
		paths[env] = path
	}
	if paths["staging"] == paths["production"] || paths["staging"] == paths[""] {
		t.Fatalf("plan-json paths: %v", paths)
	}
	data, err := os.ReadFile(paths["staging"])
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Environment != "staging" {
		t.Errorf("staging's plan-json holds the environment %q", p.Environment)
	}
}
