package ghactions

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/plan"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sim != nil && sim.temp != "" {
		os.RemoveAll(sim.temp)
	}
	os.Exit(code)
}

// errorLines are the ::error workflow commands of a log.
func errorLines(log string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.HasPrefix(l, "::error") {
			out = append(out, l)
		}
	}
	return out
}

func wantExit(t *testing.T, run actionRun, code int) {
	t.Helper()
	if run.code != code {
		t.Fatalf("the step exited %d, want %d; log:\n%s", run.code, code, run.log())
	}
}

func TestActionPlanCommentsOnPullRequest(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, "eu", "us")
	ws.edit(t, "eu/businesses/acme-eu/articles/returns.md", "the first version", "the second version")
	ws.commitAll(t, "Returns: second version")

	run := r.runAction(t, ws, pullRequestEvent(7), ws.inputs("command", "plan", "dir", "eu"))
	wantExit(t, run, 0) // exit 2 (changes) does not fail the step with fail-on: never
	for name, want := range map[string]string{"exitcode": "2", "changes": "1", "drift": "0", "withheld": "0",
		"summary": "0 to create, 1 to update, 0 to restore, 0 to delete; 0 drifted, 0 withheld, 1 unchanged"} {
		if run.outputs[name] != want {
			t.Errorf("output %s = %q, want %q", name, run.outputs[name], want)
		}
	}
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(run.outputs["fingerprint"]) {
		t.Errorf("output fingerprint = %q: action.yml must declare it", run.outputs["fingerprint"])
	}
	data, err := os.ReadFile(run.outputs["plan-json"])
	if err != nil {
		t.Fatalf("plan-json: %v", err)
	}
	if p, err := plan.Unmarshal(data); err != nil || len(p.Changes) != 1 || p.Changes[0].Key.Title != "Returns" {
		t.Errorf("plan-json holds %v, %v", p, err)
	}
	// The binary's own output reaches the log untouched.
	if !strings.Contains(run.stdout, "Plan: 0 to create, 1 to update, 0 to restore, 0 to delete.") {
		t.Errorf("octosync's text plan is not in the log:\n%s", run.stdout)
	}
	if !strings.Contains(run.summary, "### octosync plan\n") || !strings.Contains(run.summary, "<b>Returns</b>") {
		t.Errorf("step summary:\n%s", run.summary)
	}
	cs := ws.github.commentsOn(7)
	if len(cs) != 1 {
		t.Fatalf("%d comments, want 1", len(cs))
	}
	if m, ok := ParseMarker(cs[0].Body); !ok || m.Dir != "eu" || !strings.Contains(cs[0].Body, "the second version") {
		t.Errorf("comment:\n%s", cs[0].Body)
	}
	if calls := ws.github.takeCalls(); !slices.Equal(calls, []string{"POST /graphql", "GET /repos/octo/config/issues/7/comments", "POST /repos/octo/config/issues/7/comments"}) {
		t.Errorf("GitHub calls: %v", calls)
	}

	// A second run (a new push to the pull request) updates the comment.
	ws.edit(t, "eu/businesses/acme-eu/articles/returns.md", "the second version", "the third version")
	ws.commitAll(t, "Returns: third version")
	wantExit(t, r.runAction(t, ws, pullRequestEvent(7), ws.inputs("command", "plan", "dir", "eu")), 0)
	// The comment shows the plan of an older head commit, and this run's
	// commit is the pull request's head: it is replaced.
	if calls := ws.github.takeCalls(); len(calls) != 4 || calls[2] != "GET /repos/octo/config/pulls/7" || !strings.HasPrefix(calls[3], "PATCH /repos/octo/config/issues/comments/") {
		t.Errorf("GitHub calls: %v", calls)
	}
	if cs := ws.github.commentsOn(7); len(cs) != 1 || !strings.Contains(cs[0].Body, "the third version") {
		t.Errorf("after the second run: %d comments", len(cs))
	}

	// A second directory gets a comment of its own.
	wantExit(t, r.runAction(t, ws, pullRequestEvent(7), ws.inputs("command", "plan", "dir", "us")), 0)
	cs = ws.github.commentsOn(7)
	if len(cs) != 2 {
		t.Fatalf("%d comments, want one per directory", len(cs))
	}
	m0, _ := ParseMarker(cs[0].Body)
	m1, _ := ParseMarker(cs[1].Body)
	if m0.Dir != "eu" || m1.Dir != "us" || !strings.Contains(cs[1].Body, "No changes") {
		t.Errorf("comments for %q and %q:\n%s", m0.Dir, m1.Dir, cs[1].Body)
	}
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("plan wrote to Octocom: %v", w)
	}
}

func TestActionPlanCommentIsCutAtGitHubLimit(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	for _, name := range []string{"returns", "shipping"} {
		var long strings.Builder
		for i := 0; long.Len() < 45000; i++ {
			long.WriteString(name + " policy, rewritten line " + strings.Repeat("x", i%40) + "\n")
		}
		long.WriteString("The last line of " + name + ".\n")
		ws.edit(t, "businesses/acme/articles/"+name+".md", strings.ToUpper(name[:1])+name[1:]+" policy: the first version.\n", long.String())
	}
	ws.commitAll(t, "Rewrite both articles")
	run := r.runAction(t, ws, pullRequestEvent(8), ws.inputs("command", "plan"))
	wantExit(t, run, 0)
	cs := ws.github.commentsOn(8)
	if len(cs) != 1 {
		t.Fatalf("%d comments", len(cs))
	}
	if n := utf8.RuneCountInString(cs[0].Body); n > CommentLimit {
		t.Errorf("the comment has %d characters, over GitHub's %d", n, CommentLimit)
	}
	if !strings.Contains(cs[0].Body, "too long for a comment") || !strings.Contains(cs[0].Body, "https://github.example/octo/config/actions/runs/4242") {
		t.Errorf("the cut comment does not point to the step summary:\n%s", cs[0].Body[len(cs[0].Body)-600:])
	}
	if !strings.Contains(run.summary, "The last line of shipping.") {
		t.Error("the step summary does not hold the whole plan")
	}
}

// TestActionPlanWarnsOfAShallowCloneOnTheRunsPage: in a shallow checkout
// plan cannot detect drift; it says so in a ::warning annotation, which
// GitHub shows on the run's page, not only in the log.
func TestActionPlanWarnsOfAShallowCloneOnTheRunsPage(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "a newer version")
	ws.pushMain(t, "Returns: newer")
	shallow := ws.clone(t, "shallow", 1)
	run := r.runAction(t, shallow, pullRequestEvent(24), ws.inputs("command", "plan", "comment", "false"))
	wantExit(t, run, 0)
	var warnings []string
	for _, c := range runnerCommands(run.log()) {
		if strings.HasPrefix(c, "::warning ") && strings.Contains(c, "drift detection is off") && strings.Contains(c, "shallow") {
			warnings = append(warnings, c)
		}
	}
	if len(warnings) != 1 {
		t.Errorf("want one ::warning about the shallow clone, got %q\nlog:\n%s", warnings, run.log())
	}
}

func TestActionPlanTokenWithoutPermission(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	run := r.runAction(t, ws, pullRequestEvent(9), ws.inputs("command", "plan", "github-token", "read-only-token"))
	wantExit(t, run, 1)
	errs := errorLines(run.log())
	if len(errs) != 1 || !strings.Contains(errs[0], "403") || !strings.Contains(errs[0], "add `permissions: pull-requests: write` to the workflow job") {
		t.Errorf("want one ::error naming the permission, got %q\nlog:\n%s", errs, run.log())
	}
	if strings.Contains(run.log(), "\nError: ") {
		t.Error("the error is printed twice")
	}
	if run.outputs["summary"] == "" {
		t.Error("the outputs are lost when the comment fails")
	}
}

func TestActionApplyOnMergeUpdatesTheComment(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "the reviewed version")
	ws.commitAll(t, "Returns: reviewed version")
	wantExit(t, r.runAction(t, ws, pullRequestEvent(11), ws.inputs("command", "plan")), 0)

	ws.github.merged[ws.head(t)] = 11 // the pull request is merged as this commit
	run := r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 0)
	if w := ws.writes(); len(w) != 1 || !strings.HasPrefix(w[0], "PUT ") {
		t.Errorf("Octocom writes: %v", w)
	}
	if run.outputs["changes"] != "1" || run.outputs["exitcode"] != "0" || run.outputs["summary"] != "1 applied, 0 failed, 0 skipped" {
		t.Errorf("outputs: %v", run.outputs)
	}
	cs := ws.github.commentsOn(11)
	if len(cs) != 1 || !regexp.MustCompile(`\*\*Applied\*\* after merge in \[workflow run 4242\]\(https://github.example/octo/config/actions/runs/4242\) at commit [0-9a-f]{7}: 1 applied, 0 failed, 0 skipped`).MatchString(cs[0].Body) {
		t.Errorf("comment after apply:\n%s", cs[0].Body)
	}
	if !strings.Contains(run.summary, "### octosync apply") {
		t.Errorf("step summary:\n%s", run.summary)
	}
}

func TestActionApplyRefusesPlanChangedSinceReview(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "the reviewed version")
	ws.commitAll(t, "Returns: reviewed version")
	wantExit(t, r.runAction(t, ws, pullRequestEvent(12), ws.inputs("command", "plan")), 0)

	// Something nobody saw in the pull request's plan lands with the merge.
	ws.edit(t, "businesses/acme/articles/shipping.md", "the first version", "an unreviewed version")
	ws.commitAll(t, "Shipping: unreviewed")
	ws.github.merged[ws.head(t)] = 12
	run := r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 1)
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("an unreviewed plan was applied: %v", w)
	}
	errs := errorLines(run.log())
	if len(errs) != 1 || !strings.Contains(errs[0], "differs from the one reviewed in pull request #12") ||
		!strings.Contains(errs[0], `new since the review: update acme/article/"Shipping"`) {
		t.Errorf("want one ::error saying what differs, got %q", errs)
	}
	if cs := ws.github.commentsOn(12); len(cs) != 1 || !strings.Contains(cs[0].Body, "**Skipped** after merge") {
		t.Errorf("comment:\n%v", cs)
	}
}

// TestActionIgnoresForgedMarkers: anyone can comment on a public pull
// request, with a marker copied from octosync's and the fingerprint of any
// plan. Such a comment is neither edited nor trusted by apply.
func TestActionIgnoresForgedMarkers(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "the reviewed version")
	ws.commitAll(t, "Returns: reviewed version")
	reviewed := ws.head(t)
	// What the merge will bring: one more change nobody reviews.
	ws.edit(t, "businesses/acme/articles/shipping.md", "the first version", "an unreviewed version")
	ws.commitAll(t, "Shipping: unreviewed")
	merged := ws.head(t)
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
	// Before the plan job runs, someone comments with octosync's marker
	// and the fingerprint of the plan the merge will have.
	ws.github.addComment(13, fakeUser{Login: "mallory", Type: "User"}, Marker{Dir: ".", Fingerprint: mustFingerprint(t, p)}.String()+"\nLooks good!")

	ws.git(t, ws.dir, "reset", "-q", "--hard", reviewed)
	wantExit(t, r.runAction(t, ws, pullRequestEvent(13), ws.inputs("command", "plan")), 0)
	if cs := ws.github.commentsOn(13); len(cs) != 2 || cs[0].User.Login != "mallory" || strings.Contains(cs[0].Body, "### octosync plan") {
		t.Fatalf("octosync took the forged comment for its own: %+v", cs)
	}

	ws.git(t, ws.dir, "reset", "-q", "--hard", merged)
	ws.github.merged[merged] = 13
	run := r.runAction(t, ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 1)
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("applied on a forged fingerprint: %v", w)
	}
}

func TestActionNightlyDriftPullRequest(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	nightly := ws.inputs("command", "pull", "args", `--drift-only --branch octosync/drift --commit --pull-request --message "octosync: dashboard edits"`)
	schedule := simEvent{name: "schedule", payload: map[string]any{"schedule": "17 3 * * *"}}

	ws.dashboardEdit(t, "acme", "Returns", "Returns policy: edited in the dashboard.\n", "alice")
	day1 := ws.clone(t, "day1", 0)
	run := r.runAction(t, day1, schedule, nightly)
	wantExit(t, run, 0)
	if status := day1.git(t, day1.dir, "status", "--porcelain"); status != "" {
		t.Errorf("the checkout is not back where it was:\n%s", status)
	}
	if b := day1.git(t, day1.dir, "branch", "--show-current"); b != "main" {
		t.Errorf("checkout on %q after the run, want main", b)
	}

	ws.dashboardEdit(t, "acme", "Shipping", "Shipping policy: edited in the dashboard too.\n", "bob")
	day2 := ws.clone(t, "day2", 0)
	run = r.runAction(t, day2, schedule, nightly)
	wantExit(t, run, 0)

	branches := ws.git(t, ws.origin, "for-each-ref", "--format=%(refname:short)", "refs/heads/")
	if branches != "main\noctosync/drift" {
		t.Errorf("origin's branches:\n%s", branches)
	}
	// The branch was reset onto main, not stacked night after night.
	if parent, main := ws.git(t, ws.origin, "rev-parse", "octosync/drift^"), ws.git(t, ws.origin, "rev-parse", "main"); parent != main {
		t.Error("octosync/drift is not one commit on top of main")
	}
	msg := ws.git(t, ws.origin, "log", "-1", "--format=%B", "octosync/drift")
	for _, want := range []string{"octosync: dashboard edits\n", `acme/article "Returns": edited in the dashboard by alice`, `acme/article "Shipping": edited in the dashboard by bob`, "Octosync-Pull: drift"} {
		if !strings.Contains(msg, want) {
			t.Errorf("commit message lacks %q:\n%s", want, msg)
		}
	}
	open := ws.github.openPulls()
	if len(open) != 1 || open[0].Head.Ref != "octosync/drift" || open[0].Base.Ref != "main" ||
		!strings.Contains(open[0].Body, "by alice") || !strings.Contains(open[0].Body, "by bob") {
		t.Fatalf("open pull requests: %+v", open)
	}
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("pull wrote to Octocom: %v", w)
	}

	// Day 3: both edits were undone in the dashboard, so no drift is left:
	// the stale pull request is closed, with a comment saying why. Without
	// --branch, a repository without environments uses octosync/drift.
	pr := open[0].Number
	ws.dashboardEdit(t, "acme", "Returns", "Returns policy: the first version.\n", "alice")
	ws.dashboardEdit(t, "acme", "Shipping", "Shipping policy: the first version.\n", "bob")
	day3 := ws.clone(t, "day3", 0)
	run = r.runAction(t, day3, schedule, ws.inputs("command", "pull", "args", "--drift-only --pull-request"))
	wantExit(t, run, 0)
	if open := ws.github.openPulls(); len(open) != 0 {
		t.Errorf("a stale drift pull request is still open: %+v", open)
	}
	if cs := ws.github.commentsOn(pr); len(cs) != 1 || !strings.Contains(cs[0].Body, "No drift left") {
		t.Errorf("comments on #%d: %+v", pr, cs)
	}
}

func TestActionBadInput(t *testing.T) {
	r := theRunner(t)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string)
		want  string
	}{
		{"missing api-key", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			in := ws.inputs("command", "plan")
			in["api-key"] = ""
			return ws, pullRequestEvent(20), in
		}, "the api-key input is required for plan"},
		{"apply on a pull request", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			return ws, pullRequestEvent(21), ws.inputs("command", "apply")
		}, "apply does not run on pull_request events"},
		{"no pull request for the pushed commit", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			return ws, pushEvent(), ws.inputs("command", "apply", "args", "--require-reviewed-plan")
		}, "no merged pull request: it was pushed without one; nothing was applied"},
		{"shallow checkout", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			return ws.clone(t, "shallow", 1), pushEvent(), ws.inputs("command", "apply")
		}, "give actions/checkout `fetch-depth: 0`"},
		{"unmatched quote in args", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			return ws, pullRequestEvent(23), ws.inputs("command", "plan", "args", "--business 'acme")
		}, "the args input has an unmatched quote: --business 'acme"},
		{"environment on a command without one", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			return ws, pullRequestEvent(24), ws.inputs("command", "validate", "environment", "staging")
		}, "validate does not talk to the API, so it takes no environment"},
		{"environment the repository does not declare", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			return ws, pullRequestEvent(25), ws.inputs("command", "plan", "environment", "staging")
		}, "--env staging: octosync.yaml declares no environments"},
		{"GitHub API error", func(t *testing.T, ws *workspace) (*workspace, simEvent, map[string]string) {
			ws.github.fail5xx = "/comments"
			return ws, pullRequestEvent(22), ws.inputs("command", "plan")
		}, "GitHub API: list the comments of pull request #22: 500 Server Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWorkspace(t, r, ".")
			ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "a newer version")
			ws.commitAll(t, "Returns: newer")
			ws.git(t, ws.dir, "push", "-q", "origin", "main")
			ws, ev, in := tc.setup(t, ws)
			run := r.runAction(t, ws, ev, in)
			wantExit(t, run, 1)
			errs := errorLines(run.log())
			if len(errs) != 1 || !strings.Contains(errs[0], tc.want) {
				t.Errorf("want one ::error with %q, got %q\nlog:\n%s", tc.want, errs, run.log())
			}
			if strings.Contains(run.log(), "\nError: ") || strings.HasPrefix(run.log(), "Error: ") {
				t.Errorf("the error is printed twice:\n%s", run.log())
			}
			if w := ws.writes(); len(w) > 0 {
				t.Errorf("written to Octocom: %v", w)
			}
		})
	}
}

// TestActionHandsTheKeyThroughAPipe runs the action's main step with a
// stand-in octosync that reports what it received: the environment as
// --env, the key only as the contents of --api-key-file (a pipe, not a
// file on disk), never in an argument or in its environment.
func TestActionHandsTheKeyThroughAPipe(t *testing.T) {
	r := theRunner(t)
	ws := newWorkspace(t, r, ".")
	fake := *r
	fake.temp = t.TempDir()
	bin := filepath.Join(fake.temp, "octosync-action", "octosync")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	script := `#!/usr/bin/env bash
printf 'arg=%s\n' "$@"
while [ $# -gt 0 ]; do
  if [ "$1" = --api-key-file ]; then echo "file=$2"; [ -f "$2" ] && echo "a regular file"; echo "key=$(cat "$2")"; fi
  shift
done
env | sed 's/^/env:/'
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	const key = "key-for-the-pipe-test"
	run := fake.runAction(t, ws, pullRequestEvent(60), ws.inputs("command", "plan", "environment", "staging", "api-key", key, "comment", "false"))
	out := run.stdout
	if !strings.Contains(out, "arg=--env\narg=staging\n") || !regexp.MustCompile(`(?m)^file=/dev/fd/\d+$`).MatchString(out) || !strings.Contains(out, "\nkey="+key+"\n") {
		t.Errorf("the stand-in got:\n%s", out)
	}
	if strings.Contains(out, "a regular file") {
		t.Error("the key went through a file on disk")
	}
	for _, line := range strings.Split(out, "\n") {
		if (strings.HasPrefix(line, "arg=") || strings.HasPrefix(line, "env:")) && strings.Contains(line, key) {
			t.Errorf("the key reached octosync's arguments or environment: %s", line)
		}
	}
}
