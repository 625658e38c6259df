package ghactions

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/plan"
)

// The GitHub flow end to end, with the example workflows under GitHub's
// rules: no workflow for GITHUB_TOKEN events, one pending run per
// concurrency group, no secrets for forks.

var scheduleEvent = simEvent{name: "schedule", payload: map[string]any{"schedule": "17 3 * * *"}}

func wantNoError(t *testing.T, log string) {
	t.Helper()
	if errs := errorLines(log); len(errs) > 0 {
		t.Errorf("::error lines: %q\nlog:\n%s", errs, log)
	}
}

// TestDriftPullRequestMergedWithoutPlanAppliesNothing: the nightly job
// opens its pull request with GITHUB_TOKEN, for which GitHub starts no
// plan workflow; merged without a plan comment, it applies nothing and
// succeeds. Opened with a GitHub App's token, it is planned like any other.
func TestDriftPullRequestMergedWithoutPlanAppliesNothing(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.dashboardEdit(t, "acme", "Returns", "Returns policy: edited in the dashboard.\n", "alice")
	drift := r.runWorkflowJob(t, ws.clone(t, "nightly", 0), "octosync-drift.yml", scheduleEvent, "")
	if drift.failed {
		t.Fatalf("the drift job failed:\n%s", drift.log)
	}
	open := ws.github.openPulls()
	if len(open) != 1 {
		t.Fatalf("open pull requests: %+v", open)
	}
	if startsWorkflows(open[0].token) {
		t.Fatal("the drift pull request was opened with a token whose events start workflows: the plan job would run")
	}
	if cs := ws.github.commentsOn(open[0].Number); len(cs) != 0 {
		t.Fatalf("comments on the drift pull request: %+v", cs)
	}

	ws.merge(t, "origin/octosync/drift", open[0].Number)
	apply := r.runWorkflowJob(t, ws.clone(t, "apply", 0), "octosync-apply.yml", pushEvent(), "")
	if apply.failed {
		t.Fatalf("the apply job failed after merging the drift pull request:\n%s", apply.log)
	}
	wantNoError(t, apply.log)
	if !strings.Contains(apply.log, "Nothing to apply.") {
		t.Errorf("log:\n%s", apply.log)
	}
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("Octocom writes: %v", w)
	}

	// With a GitHub App's token, the pull request's events start the plan
	// workflow, which comments with its own GITHUB_TOKEN.
	ws.dashboardEdit(t, "acme", "Shipping", "Shipping policy: edited in the dashboard.\n", "bob")
	_ = r.runWorkflowJob(t, ws.clone(t, "nightly2", 0), "octosync-drift.yml", scheduleEvent, appToken)
	open = ws.github.openPulls()
	if len(open) != 1 || !startsWorkflows(open[0].token) {
		t.Fatalf("open pull requests: %+v", open)
	}
	planWS := ws.clone(t, "plan", 0)
	planWS.git(t, planWS.dir, "checkout", "-q", "origin/octosync/drift")
	plan := r.runWorkflowJob(t, planWS, "octosync-plan.yml", pullRequestEvent(open[0].Number), "")
	if plan.failed {
		t.Fatalf("plan job:\n%s", plan.log)
	}
	if cs := ws.github.commentsOn(open[0].Number); len(cs) != 1 || cs[0].User != actionsBot || !strings.Contains(cs[0].Body, "No changes") {
		t.Errorf("comments on the drift pull request: %+v", cs)
	}
}

// TestApplyRunAfterACancelledRunAppliesBothMerges: pull requests 21 and 22
// merge in quick succession; GitHub cancels the apply run of 21, which
// was waiting. The run of 22 applies both, since each change was shown in
// one of their reviewed plans, and records the result in both comments.
// Then a change pushed without a pull request is refused by name: the
// walk back stops at 22, the last successful apply.
func TestApplyRunAfterACancelledRunAppliesBothMerges(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	for _, pr := range []struct {
		n             int
		branch, title string
	}{{21, "returns", "Returns"}, {22, "shipping", "Shipping"}} {
		ws.startBranch(t, pr.branch)
		ws.edit(t, "businesses/acme/articles/"+pr.branch+".md", "the first version", "the reviewed version")
		ws.commitAll(t, pr.title+": reviewed version")
		if run := r.runWorkflowJob(t, ws, "octosync-plan.yml", pullRequestEvent(pr.n), ""); run.failed {
			t.Fatalf("plan of #%d:\n%s", pr.n, run.log)
		}
	}

	group := concurrencyGroup{cancelInProgress: readWorkflow(t, "octosync-apply.yml").Concurrency.CancelInProgress}
	group.start("the run of an earlier push")
	mergeA := ws.merge(t, "returns", 21)
	group.start(mergeA)
	mergeB := ws.merge(t, "shipping", 22)
	group.start(mergeB)
	if len(group.cancelled) != 1 || group.cancelled[0] != mergeA || group.finish() != mergeB {
		t.Fatalf("GitHub's concurrency rule: cancelled %v, running %s", group.cancelled, group.running)
	}
	run := r.runWorkflowJob(t, ws.clone(t, "apply", 0), "octosync-apply.yml", pushEvent(), "")
	if run.failed {
		t.Fatalf("the apply run of #22 failed:\n%s", run.log)
	}
	if w := ws.writes(); len(w) != 2 {
		t.Errorf("Octocom writes: %v, want both merges applied", w)
	}
	for _, n := range []int{21, 22} {
		cs := ws.github.commentsOn(n)
		if len(cs) != 1 || ResultStatus(cs[0].Body) != StatusApplied || !strings.Contains(cs[0].Body, "**Applied** after merge") {
			t.Errorf("comment of #%d after the apply:\n%+v", n, cs)
		}
	}

	// Pull request 23, reviewed; but a change of Shipping was pushed to
	// main without a pull request before it merged.
	ws.sb.ClearRequests()
	ws.startBranch(t, "returns-again")
	ws.edit(t, "businesses/acme/articles/returns.md", "the reviewed version", "the version of #23")
	ws.commitAll(t, "Returns: again")
	if run := r.runWorkflowJob(t, ws, "octosync-plan.yml", pullRequestEvent(23), ""); run.failed {
		t.Fatalf("plan of #23:\n%s", run.log)
	}
	ws.git(t, ws.dir, "checkout", "-q", "main")
	ws.edit(t, "businesses/acme/articles/shipping.md", "the reviewed version", "an unreviewed version")
	ws.pushMain(t, "Shipping: pushed without review")
	ws.merge(t, "returns-again", 23)
	run = r.runWorkflowJob(t, ws.clone(t, "apply2", 0), "octosync-apply.yml", pushEvent(), "")
	if !run.failed {
		t.Fatal("an unreviewed change was accepted")
	}
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("Octocom writes: %v", w)
	}
	errs := errorLines(run.log)
	if len(errs) != 1 || !strings.Contains(errs[0], `new since the review: update acme/article/"Shipping"`) || strings.Contains(errs[0], "Returns") {
		t.Errorf("want one ::error naming only the unreviewed Shipping change, got %q", errs)
	}
}

// TestPlanWorkflowSkipsForkPullRequests: a fork's pull request gets no
// secrets, so the plan job says so in a notice and succeeds without
// running octosync; the same pull request from a branch of the
// repository is planned.
func TestPlanWorkflowSkipsForkPullRequests(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "a fork's version")
	ws.commitAll(t, "Returns: from a fork")
	run := r.runWorkflowJob(t, ws, "octosync-plan.yml", simEvent{name: "pull_request", pr: 31, fork: true}, "")
	if run.failed || run.octo != nil {
		t.Fatalf("a fork's pull request was planned (failed %v):\n%s", run.failed, run.log)
	}
	cmds := runnerCommands(run.log)
	if len(cmds) != 1 || !strings.HasPrefix(cmds[0], "::notice title=octosync plan skipped::") || !strings.Contains(cmds[0], "fork") {
		t.Errorf("want one notice saying the fork was skipped, got %q", cmds)
	}
	if calls := ws.github.takeCalls(); len(calls) > 0 || len(ws.sb.Requests()) > 0 {
		t.Errorf("GitHub calls %v, Octocom requests %d", calls, len(ws.sb.Requests()))
	}
	run = r.runWorkflowJob(t, ws, "octosync-plan.yml", pullRequestEvent(31), "")
	if run.failed || run.octo == nil || len(ws.github.commentsOn(31)) != 1 {
		t.Errorf("the pull request from the repository was not planned:\n%s", run.log)
	}
}

// TestPlanRunsOnePerPullRequest: the plan workflow's concurrency group is
// per pull request and cancels the run in progress; and when an older
// run finishes last anyway, the comment keeps the newer head's plan.
func TestPlanRunsOnePerPullRequest(t *testing.T) {
	wf := readWorkflow(t, "octosync-plan.yml")
	ctxFor := func(n string) map[string]string { return map[string]string{"github.event.pull_request.number": n} }
	g41, _ := eval(wf.Concurrency.Group, ctxFor("41"))
	g42, _ := eval(wf.Concurrency.Group, ctxFor("42"))
	if g41 == g42 || !wf.Concurrency.CancelInProgress {
		t.Errorf("concurrency: group %q for #41 and %q for #42, cancel-in-progress %v", g41, g42, wf.Concurrency.CancelInProgress)
	}

	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "the older push")
	ws.commitAll(t, "Returns: older")
	older := ws.head(t)
	ws.edit(t, "businesses/acme/articles/returns.md", "the older push", "the newer push")
	ws.commitAll(t, "Returns: newer")
	newer := ws.head(t)
	wantExit(t, r.runAction(t, ws, pullRequestEvent(41), ws.inputs("command", "plan")), 0)

	ws.git(t, ws.dir, "checkout", "-q", older)
	run := r.runAction(t, ws, simEvent{name: "pull_request", pr: 41, stale: true}, ws.inputs("command", "plan"))
	wantExit(t, run, 0)
	cs := ws.github.commentsOn(41)
	m, _ := ParseMarker(cs[0].Body)
	if len(cs) != 1 || m.Head != newer || !strings.Contains(cs[0].Body, "the newer push") {
		t.Errorf("the older run replaced the newer plan:\n%s", cs[0].Body)
	}
	if !strings.Contains(run.log(), "moved on to commit "+newer[:7]) {
		t.Errorf("log:\n%s", run.log())
	}
}

// ownCommand is the form of octosync's own annotations.
var ownCommand = regexp.MustCompile(`^::(notice|warning|error)( [^:]*)?::`)

// TestInjectedWorkflowCommandsExecuteNothing: live content and a title
// holding workflow commands go through plan and apply on GitHub Actions;
// the runner, reading their stdout and stderr, executes only octosync's
// own annotations, and no output is forged.
func TestInjectedWorkflowCommandsExecuteNothing(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	title := "Evil ##[error]forged ##[add-mask]octosync"
	content := "First line.\n::set-output name=summary::FORGED\n  ::add-mask::Warning\n::stop-commands::x\nLast line.\n"
	ws.api(t, "POST", ws.apiURL+"/businesses/acme/articles", map[string]any{"title": title, "content": content, "language": "en", "tags": []string{}, "enabled": true}, "")
	cmd := exec.Command(ws.bin, "pull", "--dir", ws.dir)
	cmd.Env = append(baseEnv(), "OCTOCOM_API_URL="+ws.apiURL, "OCTOCOM_API_KEY="+sandboxKey)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pull: %v\n%s", err, out)
	}
	ws.pushMain(t, "Import the evil article")
	files, _ := filepath.Glob(filepath.Join(ws.dir, "businesses/acme/articles/evil*"))
	if len(files) != 1 {
		t.Fatalf("the evil article's file: %v", files)
	}
	rel, _ := filepath.Rel(ws.dir, files[0])
	ws.edit(t, rel, "Last line.", "The last line, edited ##[warning]too.")
	ws.commitAll(t, "Edit the evil article")
	// A dashboard edit of the same title makes a drift annotation too.
	ws.dashboardEdit(t, "acme", "Shipping", "Shipping ::error::x policy.\n", "mallory ##[add-mask]")

	check := func(name string, run actionRun) {
		t.Helper()
		for _, stream := range []string{run.stdout, run.stderr} {
			for _, c := range runnerCommands(stream) {
				if !ownCommand.MatchString(c) {
					t.Errorf("%s: the runner executes an injected command: %q", name, c)
				}
			}
		}
		if strings.Contains(run.outputs["summary"], "FORGED") {
			t.Errorf("%s: forged output summary=%q", name, run.outputs["summary"])
		}
	}
	plan := r.runAction(t, ws, pullRequestEvent(51), ws.inputs("command", "plan"))
	wantExit(t, plan, 0)
	if !strings.Contains(strings.ReplaceAll(plan.stdout, zeroWidthSpace, ""), "::set-output name=summary::FORGED") {
		t.Errorf("the injected line is not in the log as text:\n%s", plan.stdout)
	}
	check("plan", plan)
	ws.github.merged[ws.head(t)] = 51
	apply := r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, apply, 0)
	check("apply", apply)
	if w := ws.writes(); len(w) != 1 {
		t.Errorf("Octocom writes: %v", w)
	}
}

// TestMarkerQuotedByAnotherBotIsRefused: a welcome bot that quotes what
// people write, and another app that posts a marker as its first line,
// vouch for nothing: only the comment written by the token's own bot
// counts, and octosync edits no other comment.
func TestMarkerQuotedByAnotherBotIsRefused(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "an unreviewed version")
	ws.commitAll(t, "Returns: unreviewed")
	out := filepath.Join(t.TempDir(), "plan.json")
	cmd := exec.Command(ws.bin, "plan", "--dir", ws.dir, "--out", out)
	cmd.Env = append(baseEnv(), "OCTOCOM_API_URL="+ws.apiURL, "OCTOCOM_API_KEY="+sandboxKey)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("plan: %v\n%s", err, b)
	}
	data, _ := os.ReadFile(out)
	p, err := plan.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	forged := Marker{Dir: ".", Fingerprint: mustFingerprint(t, p)}.String()
	ws.github.addComment(61, fakeUser{Login: "welcome[bot]", Type: "Bot"}, "Thanks for your first pull request! You wrote:\n> "+forged)
	ws.github.addComment(61, fakeUser{Login: "other-app[bot]", Type: "Bot"}, forged+"\nLooks fine to me.")
	ws.github.merged[ws.head(t)] = 61
	run := r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 1)
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("applied on another bot's word: %v", w)
	}
	if errs := errorLines(run.log()); len(errs) != 1 || !strings.Contains(errs[0], "pull request #61 shows no octosync plan") {
		t.Errorf("errors: %q", errs)
	}
	for _, c := range ws.github.commentsOn(61) {
		if strings.Contains(c.Body, "octosync:apply") {
			t.Errorf("octosync edited %s's comment", c.User.Login)
		}
	}

	// A token that belongs to a person is refused outright.
	run = r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan", "github-token", personToken))
	wantExit(t, run, 1)
	if errs := errorLines(run.log()); len(errs) != 1 || !strings.Contains(errs[0], "belongs to alice, a person, not a bot") {
		t.Errorf("errors: %q", errs)
	}
}

// TestAppTokenPlanIsTrustedByTheSameApp: plan and apply given a GitHub
// App's token both act as the app's bot: apply trusts the comment the app
// wrote, and an apply with the default token (github-actions[bot]) does
// not.
func TestAppTokenPlanIsTrustedByTheSameApp(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "the reviewed version")
	ws.commitAll(t, "Returns: reviewed")
	wantExit(t, r.runAction(t, ws, pullRequestEvent(71), ws.inputs("command", "plan", "github-token", appToken)), 0)
	if cs := ws.github.commentsOn(71); len(cs) != 1 || cs[0].User.Login != "octosync-app[bot]" {
		t.Fatalf("comments: %+v", cs)
	}
	ws.github.merged[ws.head(t)] = 71
	run := r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 1)
	if errs := errorLines(run.log()); len(errs) != 1 || !strings.Contains(errs[0], "pull request #71 shows no octosync plan") {
		t.Errorf("the default token trusted the app's comment: %q", errs)
	}
	run = r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan", "github-token", appToken))
	wantExit(t, run, 0)
	if w := ws.writes(); len(w) != 1 {
		t.Errorf("Octocom writes: %v", w)
	}
	if cs := ws.github.commentsOn(71); ResultStatus(cs[0].Body) != StatusApplied {
		t.Errorf("the app's comment does not record the apply:\n%s", cs[0].Body)
	}
}
