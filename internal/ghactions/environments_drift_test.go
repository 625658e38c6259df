package ghactions

import (
	"regexp"
	"strings"
	"testing"
)

// promotionDriftWorkflow is the nightly drift workflow of a repository
// with environments: a matrix over staging and production.
const promotionDriftWorkflow = promotionWorkflows + "/octosync-drift.yml"

// runDriftMatrix runs the example drift workflow, one job per
// environment, in a fresh checkout; every job must succeed.
func (ws *workspace) runDriftMatrix(t *testing.T, r *simRunner, night string) {
	t.Helper()
	runs := r.runWorkflowMatrix(t, ws.clone(t, night, 0), promotionDriftWorkflow, scheduleEvent, "")
	if len(runs) != 2 {
		t.Fatalf("%s: the matrix ran %d jobs, want one per environment", night, len(runs))
	}
	for _, run := range runs {
		if run.failed {
			t.Fatalf("%s: a drift job failed:\n%s", night, run.log)
		}
		wantNoError(t, run.log)
	}
}

// openPullFrom is the one open pull request from branch head.
func (ws *workspace) openPullFrom(t *testing.T, head string) fakePull {
	t.Helper()
	var found []fakePull
	for _, p := range ws.github.openPulls() {
		if p.Head.Ref == head {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d open pull requests from %s, want 1: %+v", len(found), head, ws.github.openPulls())
	}
	return found[0]
}

var idLine = regexp.MustCompile(`(?m)^id: .*$`)

// TestDriftMatrixKeepsOnePullRequestPerEnvironment runs the example
// nightly drift workflow of a repository with environments. Dashboard
// edits in staging and in production go to two branches and two pull
// requests, each naming its environment and listing only its own edits,
// neither overwriting the other; staging's file keeps production's id.
// The next night finds staging's edit undone: staging's pull request is
// closed, production's is left as it was.
func TestDriftMatrixKeepsOnePullRequestPerEnvironment(t *testing.T) {
	r := theRunner(t)
	ws := newEnvironmentsWorkspace(t, r)
	returns := ws.git(t, ws.dir, "show", "main:businesses/acme/articles/returns.md")
	ws.dashboardEditIn(t, stagingKey, "acme-staging", "Returns", "Returns policy: edited in staging.\n", "carol")
	ws.dashboardEditIn(t, productionKey, "acme", "Shipping", "Shipping policy: edited in production.\n", "alice")

	ws.runDriftMatrix(t, r, "night1")
	if got := ws.git(t, ws.origin, "for-each-ref", "--format=%(refname:short)", "refs/heads/"); got != "main\noctosync/drift-production\noctosync/drift-staging" {
		t.Fatalf("origin's branches:\n%s", got)
	}
	staging, production := ws.openPullFrom(t, "octosync/drift-staging"), ws.openPullFrom(t, "octosync/drift-production")
	if !strings.HasSuffix(staging.Title, " in staging") || !strings.Contains(staging.Body, "environment `staging`") ||
		!strings.Contains(staging.Body, "by carol") || strings.Contains(staging.Body, "alice") {
		t.Errorf("staging's pull request: %q\n%s", staging.Title, staging.Body)
	}
	if !strings.HasSuffix(production.Title, " in production") || !strings.Contains(production.Body, "environment `production`") ||
		!strings.Contains(production.Body, "by alice") || strings.Contains(production.Body, "carol") {
		t.Errorf("production's pull request: %q\n%s", production.Title, production.Body)
	}
	show := func(branch, file string) string {
		return ws.git(t, ws.origin, "show", branch+":businesses/acme/articles/"+file)
	}
	stagingReturns := show("octosync/drift-staging", "returns.md")
	if !strings.Contains(stagingReturns, "edited in staging") || idLine.FindString(stagingReturns) != idLine.FindString(returns) {
		t.Errorf("staging's returns.md, want the edit under production's id (%s):\n%s", idLine.FindString(returns), stagingReturns)
	}
	if !strings.Contains(show("octosync/drift-production", "shipping.md"), "edited in production") ||
		strings.Contains(show("octosync/drift-production", "returns.md"), "edited in staging") ||
		strings.Contains(show("octosync/drift-staging", "shipping.md"), "edited in production") {
		t.Error("one environment's drift reached the other's branch")
	}
	for _, env := range []string{"staging", "production"} {
		msg := ws.git(t, ws.origin, "log", "-1", "--format=%B", "octosync/drift-"+env)
		if !strings.HasSuffix(msg, "Octosync-Pull: drift "+env) {
			t.Errorf("octosync/drift-%s's commit does not end with its environment's trailer:\n%s", env, msg)
		}
	}
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("pull wrote to Octocom: %v", w)
	}

	// Night 2: staging's edit was undone, production's is still there.
	productionTree := ws.git(t, ws.origin, "rev-parse", "octosync/drift-production^{tree}")
	ws.dashboardEditIn(t, stagingKey, "acme-staging", "Returns", "Returns policy: the first version.\n", "carol")
	ws.runDriftMatrix(t, r, "night2")
	if open := ws.github.openPulls(); len(open) != 1 || open[0].Number != production.Number {
		t.Fatalf("open pull requests after night 2: %+v, want only production's #%d", open, production.Number)
	}
	if cs := ws.github.commentsOn(staging.Number); len(cs) != 1 || !strings.Contains(cs[0].Body, "No drift left in the environment `staging`") {
		t.Errorf("comments on staging's #%d: %+v", staging.Number, cs)
	}
	if cs := ws.github.commentsOn(production.Number); len(cs) != 0 {
		t.Errorf("production's #%d was commented on: %+v", production.Number, cs)
	}
	// Production's branch is remade each night, with the same files.
	if tree := ws.git(t, ws.origin, "rev-parse", "octosync/drift-production^{tree}"); tree != productionTree {
		t.Error("night 2 changed the files of production's branch, which holds the same drift")
	}
}

// TestDriftBranchOfOneEnvironmentIsRefusedToAnother: two environments
// given one --branch would overwrite each other's drift. The second is
// refused before anything is written, naming the environment whose drift
// the branch holds and the default to use; the first's branch and pull
// request stay as they were.
func TestDriftBranchOfOneEnvironmentIsRefusedToAnother(t *testing.T) {
	r := theRunner(t)
	ws := newEnvironmentsWorkspace(t, r)
	ws.dashboardEditIn(t, stagingKey, "acme-staging", "Returns", "Returns policy: edited in staging.\n", "carol")
	ws.dashboardEditIn(t, productionKey, "acme", "Shipping", "Shipping policy: edited in production.\n", "alice")
	shared := "--drift-only --branch octosync/drift --commit --pull-request"

	wantExit(t, r.runAction(t, ws.clone(t, "staging", 0), scheduleEvent, ws.envInputs("staging", "command", "pull", "args", shared)), 0)
	tip := ws.git(t, ws.origin, "rev-parse", "octosync/drift")
	prod := ws.clone(t, "production", 0)
	run := r.runAction(t, prod, scheduleEvent, ws.envInputs("production", "command", "pull", "args", shared))
	wantExit(t, run, 1)
	want := `branch "octosync/drift" holds the drift of the environment staging`
	if errs := errorLines(run.log()); len(errs) != 1 || !strings.Contains(errs[0], want) || !strings.Contains(errs[0], "the default is octosync/drift-production") {
		t.Errorf("want one ::error with %q, got %q", want, errs)
	}
	if status := prod.git(t, prod.dir, "status", "--porcelain"); status != "" {
		t.Errorf("files were written before the refusal:\n%s", status)
	}
	if got := ws.git(t, ws.origin, "rev-parse", "octosync/drift"); got != tip {
		t.Error("production's run moved staging's drift branch")
	}
	if open := ws.github.openPulls(); len(open) != 1 || !strings.HasSuffix(open[0].Title, " in staging") {
		t.Errorf("open pull requests: %+v", open)
	}
}

// TestDriftMatrixQueuesEachEnvironmentApart: the nightly drift job's
// concurrency group names its matrix entry's environment, so the
// environments run side by side and a night's run of one waits only for
// the same environment's last night (GitHub compares group names without
// case).
func TestDriftMatrixQueuesEachEnvironmentApart(t *testing.T) {
	wf := readWorkflow(t, promotionDriftWorkflow)
	groups := concurrencyGroups{}
	for _, job := range wf.Jobs {
		for _, entry := range job.Strategy.Matrix.Include {
			ctx := map[string]string{}
			for k, v := range entry {
				ctx["matrix."+k] = v
			}
			name, err := eval(job.Concurrency.Group, ctx)
			if err != nil || name == "" {
				t.Fatalf("%s: group %q: %q, %v", promotionDriftWorkflow, job.Concurrency.Group, name, err)
			}
			g := groups.of(concurrency{Group: name, CancelInProgress: job.Concurrency.CancelInProgress})
			if g.start(entry["environment"]); g.running != entry["environment"] {
				t.Errorf("%s's drift run waits behind %s's (group %q)", entry["environment"], g.running, name)
			}
		}
	}
	if len(groups) != 2 {
		t.Errorf("%d concurrency groups for the two environments, want 2", len(groups))
	}
}
