package ghactions

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// Two organizations behind one API URL, as staging and production
// usually are: the key picks the organization (docs/environments.md).
const (
	productionKey = "key-production"
	stagingKey    = "key-staging"
)

// environmentsConfig declares production (the files' ids, business
// acme) and staging (business acme-staging), each with its own key
// variable and its own support address.
const environmentsConfig = `version: 1
defaults:
  language: en
environments:
  production:
    default: true
    apiKeyEnv: OCTOCOM_API_KEY_PRODUCTION
    values:
      supportEmail: support@acme.example
  staging:
    apiKeyEnv: OCTOCOM_API_KEY_STAGING
    businesses: {acme: acme-staging}
    values:
      supportEmail: staging@acme.example
`

// newEnvironmentsWorkspace is newWorkspace for a repository with the
// environments production and staging: two sandbox organizations hold
// the same articles "Returns" and "Shipping" (production's business acme,
// staging's acme-staging), and the repository's first commit is a pull
// from production. Both environments are in sync with it.
func newEnvironmentsWorkspace(t *testing.T, r *simRunner) *workspace {
	t.Helper()
	seed := &sandbox.Seed{}
	for _, org := range []struct{ name, key, slug string }{{"production", productionKey, "acme"}, {"staging", stagingKey, "acme-staging"}} {
		b := sandbox.SeedBusiness{Slug: org.slug, Name: org.slug}
		for _, title := range []string{"Returns", "Shipping"} {
			body, _ := json.Marshal(map[string]any{"title": title, "content": title + " policy: the first version.\n", "language": "en", "tags": []string{}, "enabled": true})
			b.Articles = append(b.Articles, body)
		}
		seed.Organizations = append(seed.Organizations, sandbox.SeedOrganization{
			Name: org.name, APIKeys: []sandbox.SeedAPIKey{{Key: org.key, Label: "ci"}}, Businesses: []sandbox.SeedBusiness{b}})
	}
	ws := newWorkspaceFromSeed(t, r, seed)
	ws.secrets = map[string]string{"OCTOCOM_API_KEY_PRODUCTION": productionKey, "OCTOCOM_API_KEY_STAGING": stagingKey}
	ws.write(t, "octosync.yaml", environmentsConfig)
	ws.write(t, "businesses/acme/.gitkeep", "")
	cmd := exec.Command(ws.bin, "pull", "--dir", ws.dir)
	cmd.Env = append(baseEnv(), "OCTOCOM_API_URL="+ws.apiURL, "OCTOCOM_API_KEY_PRODUCTION="+productionKey)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("octosync pull: %v\n%s", err, out)
	}
	ws.commitAll(t, "Import the production organization")
	ws.git(t, ws.dir, "remote", "add", "origin", ws.origin)
	ws.git(t, ws.dir, "push", "-q", "origin", "main")
	ws.sb.ClearRequests()
	return ws
}

// envInputs are the action's inputs for a run on environment env, with
// that environment's key.
func (ws *workspace) envInputs(env string, kv ...string) map[string]string {
	in := ws.inputs(append([]string{"environment", env, "api-key", ws.secrets["OCTOCOM_API_KEY_"+strings.ToUpper(env)]}, kv...)...)
	return in
}

// commentFor is the plan comment of pull request pr for env.
func (ws *workspace) commentFor(t *testing.T, pr int, env string) fakeComment {
	t.Helper()
	var found []fakeComment
	for _, c := range ws.github.commentsOn(pr) {
		if m, ok := ParseMarker(c.Body); ok && m.Key() == (CommentKey{Dir: ".", Env: env}) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("pull request #%d: %d plan comments for %s, want 1", pr, len(found), env)
	}
	return found[0]
}

// TestPlanMatrixPostsOneCommentPerEnvironment runs the example workflow
// for environments: a pull request is planned once per environment (the
// job matrix), each run with its environment's key, and gets one comment
// per environment with that environment's rendered values; a new push
// updates each in place.
func TestPlanMatrixPostsOneCommentPerEnvironment(t *testing.T) {
	r := theRunner(t)
	ws := newEnvironmentsWorkspace(t, r)
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version.", "the second version: write to ${{ values.supportEmail }}.")
	ws.commitAll(t, "Returns: second version")

	for round := 1; round <= 2; round++ {
		runs := r.runWorkflowMatrix(t, ws, promotionPlanWorkflow, pullRequestEvent(31), "")
		if len(runs) != 2 {
			t.Fatalf("the matrix ran %d jobs, want one per environment", len(runs))
		}
		for _, run := range runs {
			if run.failed || run.octo == nil {
				t.Fatalf("a matrix job failed:\n%s", run.log)
			}
		}
		if cs := ws.github.commentsOn(31); len(cs) != 2 {
			t.Fatalf("round %d: %d comments, want one per environment", round, len(cs))
		}
		staging, production := ws.commentFor(t, 31, "staging"), ws.commentFor(t, 31, "production")
		if !strings.Contains(staging.Body, "staging@") || strings.Contains(staging.Body, "support@") || !strings.Contains(staging.Body, "**Environment:** `staging`") {
			t.Errorf("staging's comment:\n%s", staging.Body)
		}
		if !strings.Contains(production.Body, "support@") || strings.Contains(production.Body, "staging@") {
			t.Errorf("production's comment:\n%s", production.Body)
		}
		ms, _ := ParseMarker(staging.Body)
		mp, _ := ParseMarker(production.Body)
		if ms.Fingerprint.Sum == mp.Fingerprint.Sum {
			t.Error("the two environments' plans have one fingerprint")
		}
		if round == 1 {
			ws.edit(t, "businesses/acme/articles/returns.md", "the second version", "the third version")
			ws.commitAll(t, "Returns: third version")
		} else if !strings.Contains(staging.Body, "the third version") || !strings.Contains(production.Body, "the third version") {
			t.Error("the second push did not update both comments")
		}
	}
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("plan wrote to Octocom: %v", w)
	}
}

// TestReviewedPlanIsPerEnvironment: a pull request planned for staging
// only does not vouch for production. apply --require-reviewed-plan on
// production refuses, naming the environment, and writes nothing; staging
// applies with its own review; once production's plan is on the pull
// request too, production applies with that one, and each comment gets
// its own environment's result.
func TestReviewedPlanIsPerEnvironment(t *testing.T) {
	r := theRunner(t)
	ws := newEnvironmentsWorkspace(t, r)
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version.", "the reviewed version: write to ${{ values.supportEmail }}.")
	ws.commitAll(t, "Returns: reviewed version")
	wantExit(t, r.runAction(t, ws, pullRequestEvent(32), ws.envInputs("staging", "command", "plan")), 0)
	ws.github.merged[ws.head(t)] = 32

	run := r.runAction(t, ws, pushEvent(), ws.envInputs("production", "command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 1)
	if w := ws.writes(); len(w) > 0 {
		t.Errorf("a plan reviewed for staging was applied to production: %v", w)
	}
	if errs := errorLines(run.log()); len(errs) != 1 || !strings.Contains(errs[0], "pull request #32 shows no octosync plan for the environment production") {
		t.Errorf("want one ::error naming production, got %q", errs)
	}
	if strings.Contains(run.log(), productionKey) || strings.Contains(run.log(), stagingKey) {
		t.Error("an API key reached the log")
	}

	run = r.runAction(t, ws, pushEvent(), ws.envInputs("staging", "command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 0)
	if w := ws.writes(); len(w) != 1 || !strings.HasPrefix(w[0], "PUT /rest/v1/businesses/acme-staging/") {
		t.Errorf("staging's apply wrote %v", w)
	}
	ws.sb.ClearRequests()
	if c := ws.commentFor(t, 32, "staging"); !strings.Contains(c.Body, "**Applied** after merge") {
		t.Errorf("staging's comment after its apply:\n%s", c.Body)
	}

	// Production's plan, reviewed on the pull request, vouches for
	// production's apply.
	ws.github.heads[32] = ws.head(t)
	wantExit(t, r.runAction(t, ws, pullRequestEvent(32), ws.envInputs("production", "command", "plan")), 0)
	run = r.runAction(t, ws, pushEvent(), ws.envInputs("production", "command", "apply", "args", "--require-reviewed-plan"))
	wantExit(t, run, 0)
	if w := ws.writes(); len(w) != 1 || !strings.HasPrefix(w[0], "PUT /rest/v1/businesses/acme/") {
		t.Errorf("production's apply wrote %v", w)
	}
	if c := ws.commentFor(t, 32, "production"); !strings.Contains(c.Body, "**Applied** after merge") {
		t.Errorf("production's comment after its apply:\n%s", c.Body)
	}
	if c := ws.commentFor(t, 32, "staging"); ResultStatus(c.Body) != StatusApplied {
		t.Errorf("production's apply changed staging's comment:\n%s", c.Body)
	}
}

// The example workflows of a promotion pipeline (docs/environments.md).
const (
	promotionWorkflows     = "../../example-repo/promotion"
	promotionPlanWorkflow  = promotionWorkflows + "/octosync-plan.yml"
	promotionApplyWorkflow = promotionWorkflows + "/octosync-promote.yml"
)

// returnsTest is a conversation test of staging's bot: its answer about
// returns holds staging's support address.
const returnsTest = `tests:
  - name: Returns address
    turns:
      - customer: What is your returns policy?
        expect:
          contains: %s
`

// mergePlannedEverywhere commits the checkout's changes as pull request
// pr, plans it for both environments with the example matrix, and merges
// it to origin's main.
func (ws *workspace) mergePlannedEverywhere(t *testing.T, r *simRunner, pr int, msg string) {
	t.Helper()
	ws.commitAll(t, msg)
	for _, run := range r.runWorkflowMatrix(t, ws, promotionPlanWorkflow, pullRequestEvent(pr), "") {
		if run.failed {
			t.Fatalf("plan of #%d failed:\n%s", pr, run.log)
		}
	}
	ws.git(t, ws.dir, "push", "-q", "origin", "main")
	ws.github.merged[ws.head(t)] = pr
	ws.sb.ClearRequests()
}

// TestPromotionAppliesProductionOnlyAfterStagingsTestsPass runs the
// example promotion workflow on merges: staging is applied and its
// conversation tests run; production's job, bound to the GitHub
// environment production (required reviewers), runs only after them and
// applies with production's own reviewed plan. When staging's tests fail,
// production is left alone.
func TestPromotionAppliesProductionOnlyAfterStagingsTestsPass(t *testing.T) {
	r := theRunner(t)
	ws := newEnvironmentsWorkspace(t, r)
	ws.edit(t, "businesses/acme/articles/returns.md", "the first version.", "the second version: write to ${{ values.supportEmail }}.")
	ws.write(t, "businesses/acme/tests/returns.yaml", fmt.Sprintf(returnsTest, "staging@acme.example"))
	ws.mergePlannedEverywhere(t, r, 41, "Returns: a support address")

	var asked []string
	approve := func(env string) bool { asked = append(asked, env); return true }
	ran, skipped := r.runWorkflowJobs(t, ws, promotionApplyWorkflow, pushEvent(), approve)
	if len(ran) != 2 || ran[0].job != "staging" || ran[1].job != "production" || len(skipped) != 0 {
		t.Fatalf("jobs ran %v, skipped %v:\n%s", jobNames(ran), skipped, ran[0].log)
	}
	if ran[0].failed || ran[1].failed {
		t.Fatalf("a job failed:\n%s\n%s", ran[0].log, ran[1].log)
	}
	if !strings.Contains(ran[0].log, "1 passed") || ran[1].environment != "production" || !slices.Equal(asked, []string{"production"}) {
		t.Errorf("staging's tests, then production behind its reviewers: asked %v, staging's log:\n%s", asked, ran[0].log)
	}
	w := configWrites(ws)
	if len(w) != 2 || !strings.Contains(w[0], "/businesses/acme-staging/") || !strings.Contains(w[1], "/businesses/acme/") {
		t.Errorf("Octocom writes: %v", w)
	}
	for _, env := range []string{"staging", "production"} {
		if c := ws.commentFor(t, 41, env); ResultStatus(c.Body) != StatusApplied {
			t.Errorf("%s's comment:\n%s", env, c.Body)
		}
	}

	// A change staging's bot gets wrong stops at staging.
	ws.edit(t, "businesses/acme/articles/returns.md", "the second version", "the third version")
	ws.write(t, "businesses/acme/tests/returns.yaml", fmt.Sprintf(returnsTest, "the second version"))
	ws.mergePlannedEverywhere(t, r, 42, "Returns: third version")
	asked = nil
	ran, skipped = r.runWorkflowJobs(t, ws, promotionApplyWorkflow, pushEvent(), approve)
	if len(ran) != 1 || !ran[0].failed || !slices.Equal(skipped, []string{"production"}) || len(asked) != 0 {
		t.Fatalf("jobs ran %v (failed %v), skipped %v, reviewers asked %v", jobNames(ran), len(ran) > 0 && ran[0].failed, skipped, asked)
	}
	if !strings.Contains(ran[0].log, "Tests: 0 passed, 1 failed") {
		t.Errorf("staging's job failed elsewhere than in its tests:\n%s", ran[0].log)
	}
	if w := configWrites(ws); len(w) != 1 || !strings.Contains(w[0], "/businesses/acme-staging/") {
		t.Errorf("Octocom writes: %v", w)
	}
}

// configWrites are the writes to the configuration, without the
// conversations of tests.
func configWrites(ws *workspace) []string {
	var out []string
	for _, w := range ws.writes() {
		if !strings.Contains(w, "/conversations") {
			out = append(out, w)
		}
	}
	return out
}

func jobNames(runs []jobRun) []string {
	var out []string
	for _, r := range runs {
		out = append(out, r.job)
	}
	return out
}

// TestPromotionCatchesUpProductionPerEnvironment: two pull requests,
// each planned for both environments, merged one after the other. The
// promotion of the first applies staging, but production's reviewers do
// not approve it. The promotion of the second applies the second merge
// to staging (its staging plan matches), and both merges to production:
// production's walk back reads production's comments, where the first
// pull request's shows no production apply, so its reviewed production
// plan vouches for its change, though its staging comment records a
// successful apply (which would stop a walk that mixed environments).
func TestPromotionCatchesUpProductionPerEnvironment(t *testing.T) {
	r := theRunner(t)
	ws := newEnvironmentsWorkspace(t, r)
	ws.write(t, "businesses/acme/tests/returns.yaml", fmt.Sprintf(returnsTest, "Returns policy"))
	ws.pushMain(t, "A conversation test")
	for _, pr := range []struct {
		n      int
		branch string
	}{{51, "returns"}, {52, "shipping"}} {
		ws.startBranch(t, pr.branch)
		ws.edit(t, "businesses/acme/articles/"+pr.branch+".md", "the first version", "the reviewed version")
		ws.commitAll(t, pr.branch+": reviewed version")
		for _, run := range r.runWorkflowMatrix(t, ws, promotionPlanWorkflow, pullRequestEvent(pr.n), "") {
			if run.failed {
				t.Fatalf("plan of #%d:\n%s", pr.n, run.log)
			}
		}
	}
	ws.sb.ClearRequests()

	ws.merge(t, "returns", 51)
	ran, skipped := r.runWorkflowJobs(t, ws.clone(t, "promote51", 0), promotionApplyWorkflow, pushEvent(), func(string) bool { return false })
	if len(ran) != 1 || ran[0].failed || !slices.Equal(skipped, []string{"production"}) {
		t.Fatalf("promotion of #51: ran %v, skipped %v", jobNames(ran), skipped)
	}
	if c := ws.commentFor(t, 51, "staging"); ResultStatus(c.Body) != StatusApplied {
		t.Fatalf("#51's staging comment:\n%s", c.Body)
	}
	ws.sb.ClearRequests()

	ws.merge(t, "shipping", 52)
	ran, skipped = r.runWorkflowJobs(t, ws.clone(t, "promote52", 0), promotionApplyWorkflow, pushEvent(), func(string) bool { return true })
	if len(ran) != 2 || ran[0].failed || ran[1].failed || len(skipped) != 0 {
		t.Fatalf("promotion of #52: ran %v, skipped %v:\n%s", jobNames(ran), skipped, ran[len(ran)-1].log)
	}
	want := []string{
		"PUT /rest/v1/businesses/acme-staging/articles/art_00006", // Shipping
		"PUT /rest/v1/businesses/acme/articles/art_00002",         // Returns
		"PUT /rest/v1/businesses/acme/articles/art_00003",         // Shipping
	}
	w := configWrites(ws)
	slices.Sort(w) // one apply's writes run in parallel
	if !slices.Equal(w, want) {
		t.Errorf("Octocom writes: %v, want %v", w, want)
	}
	for _, pr := range []int{51, 52} {
		if c := ws.commentFor(t, pr, "production"); ResultStatus(c.Body) != StatusApplied {
			t.Errorf("#%d's production comment:\n%s", pr, c.Body)
		}
	}
}

// TestPromotionQueuesEachEnvironmentOnItsOwn: three pull requests, each
// planned for both environments, merge while production's reviewers are
// away. GitHub queues each job of the promotion in its own job's
// concurrency group (octosync-promote.yml): a job waiting for its
// environment's reviewers holds its group, a group holds one more job
// waiting, and a newer one cancels it. So staging applies each merge as
// it comes; production's job for #71 waits for its reviewers, #72's waits
// behind it and is cancelled by #73's. Once approved, #71's job applies
// #71 to production, and #73's applies #72 and #73: production's walk back
// finds no production apply on #72, whose reviewed production plan
// vouches for its change. With one group for the whole workflow, staging
// would have waited for production's reviewers too.
func TestPromotionQueuesEachEnvironmentOnItsOwn(t *testing.T) {
	r := theRunner(t)
	ws := newEnvironmentsWorkspace(t, r)
	ws.write(t, "businesses/acme/tests/returns.yaml", fmt.Sprintf(returnsTest, "Returns policy"))
	ws.pushMain(t, "A conversation test")
	prs := []struct {
		n      int
		branch string
		change func()
	}{
		{71, "returns", func() {
			ws.edit(t, "businesses/acme/articles/returns.md", "the first version", "the reviewed version")
		}},
		{72, "shipping", func() {
			ws.edit(t, "businesses/acme/articles/shipping.md", "the first version", "the reviewed version")
		}},
		{73, "refunds", func() {
			ws.write(t, "businesses/acme/articles/refunds.md", "---\ntitle: Refunds\nlanguage: en\ntags: []\nenabled: true\n---\nRefunds policy: within 14 days.\n")
		}},
	}
	for _, pr := range prs {
		ws.startBranch(t, pr.branch)
		pr.change()
		ws.commitAll(t, pr.branch+": reviewed version")
		for _, run := range r.runWorkflowMatrix(t, ws, promotionPlanWorkflow, pullRequestEvent(pr.n), "") {
			if run.failed {
				t.Fatalf("plan of #%d:\n%s", pr.n, run.log)
			}
		}
	}
	ws.sb.ClearRequests()

	wf := readWorkflow(t, promotionApplyWorkflow)
	staging, production := wf.Jobs["staging"], wf.Jobs["production"]
	if wf.Concurrency.Group != "" || staging.Concurrency.Group == "" || production.Concurrency.Group == "" {
		t.Fatalf("%s: want a concurrency group per job and none for the workflow, got workflow %q, staging %q, production %q",
			promotionApplyWorkflow, wf.Concurrency.Group, staging.Concurrency.Group, production.Concurrency.Group)
	}
	groups := concurrencyGroups{}
	checkouts := map[string]*workspace{}
	for _, pr := range prs {
		run := fmt.Sprint(pr.n)
		ws.merge(t, pr.branch, pr.n)
		checkouts[run] = ws.clone(t, "promote"+run, 0)
		g := groups.of(staging.Concurrency)
		if g.start(run); g.running != run {
			t.Fatalf("staging's job of #%d waits behind %s (production's reviewers hold its group?)", pr.n, g.running)
		}
		if job := r.runJob(t, checkouts[run], promotionApplyWorkflow, staging, pushEvent(), "", nil); job.failed {
			t.Fatalf("staging's job of #%d:\n%s", pr.n, job.log)
		}
		g.finish()
		groups.of(production.Concurrency).start(run) // waits for the reviewers
	}
	w := configWrites(ws)
	if len(w) != 3 || slices.ContainsFunc(w, func(s string) bool { return !strings.Contains(s, "/businesses/acme-staging/") }) {
		t.Errorf("staging's jobs wrote %v, want the three merges to acme-staging", w)
	}
	prod := groups.of(production.Concurrency)
	if prod.running != "71" || prod.pending != "73" || !slices.Equal(prod.cancelled, []string{"72"}) {
		t.Fatalf("GitHub's rule for production's group: running %s, waiting %s, cancelled %v", prod.running, prod.pending, prod.cancelled)
	}

	// The reviewers approve.
	var prodWrites [][]string
	for run := prod.running; run != ""; run = prod.finish() {
		ws.sb.ClearRequests()
		if job := r.runJob(t, checkouts[run], promotionApplyWorkflow, production, pushEvent(), "", nil); job.failed {
			t.Fatalf("production's job of #%s:\n%s", run, job.log)
		}
		prodWrites = append(prodWrites, configWrites(ws))
	}
	if len(prodWrites) != 2 || len(prodWrites[0]) != 1 || len(prodWrites[1]) != 2 {
		t.Fatalf("production's writes, job by job: %v; want #71's, then #72's and #73's", prodWrites)
	}
	for _, w := range slices.Concat(prodWrites...) {
		if !strings.Contains(w, "/businesses/acme/articles") {
			t.Errorf("production's job wrote %s", w)
		}
	}
	for _, pr := range prs {
		for _, env := range []string{"staging", "production"} {
			if c := ws.commentFor(t, pr.n, env); ResultStatus(c.Body) != StatusApplied {
				t.Errorf("#%d's %s comment:\n%s", pr.n, env, c.Body)
			}
		}
	}
}
