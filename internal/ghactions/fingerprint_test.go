package ghactions

import (
	"github.com/octosync/octosync/internal/apply"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

func article(title, content string) resource.Article {
	return resource.Article{Title: title, Content: content, Language: "en", Tags: []string{}, Enabled: true}
}

func testPlan(changes ...plan.Change) *plan.Plan {
	return &plan.Plan{FormatVersion: plan.FormatVersion, Changes: changes}
}

func update(title, before, after string) plan.Change {
	b, a := article(title, before), article(title, after)
	return plan.Change{Action: plan.Update, Key: resource.Key{Business: "acme", Kind: resource.KindArticle, Title: title, ID: "art_" + title},
		Path: "businesses/acme/articles/" + title + ".md", LiveVersion: 3, Before: b, After: a, Fields: resource.Diff(b, a)}
}

func mustFingerprint(t *testing.T, p *plan.Plan) Fingerprint {
	t.Helper()
	fp, err := FingerprintOf(p)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestFingerprintHashesStructureNotRendering(t *testing.T) {
	base := mustFingerprint(t, testPlan(update("returns", "old", "new")))
	if !strings.HasPrefix(base.Sum, "sha256:") || len(base.Sum) != len("sha256:")+64 {
		t.Fatalf("sum = %q", base.Sum)
	}
	same := testPlan(update("returns", "old", "new"))
	same.Warnings = []string{"a warning only changes the rendering"}
	same.Unchanged = 40
	same.Changes[0].LiveVersion = 9 // a version that moved without a content change
	if got := mustFingerprint(t, same); got.Sum != base.Sum {
		t.Error("warnings, unchanged count or live version changed the fingerprint")
	}
	for name, p := range map[string]*plan.Plan{
		"other content":    testPlan(update("returns", "old", "newer")),
		"other live":       testPlan(update("returns", "older", "new")),
		"one more change":  testPlan(update("returns", "old", "new"), update("shipping", "a", "b")),
		"no change at all": testPlan(),
		"another target": func() *plan.Plan {
			p := testPlan(update("returns", "old", "new"))
			p.Target = "https://staging.example/rest/v1"
			return p
		}(),
	} {
		if got := mustFingerprint(t, p); got.Sum == base.Sum {
			t.Errorf("%s: same fingerprint", name)
		}
	}
	drifted := testPlan(update("returns", "old", "new"))
	drifted.Changes[0].Drift = &plan.Drift{}
	if got := mustFingerprint(t, drifted); got.Sum == base.Sum {
		t.Error("a change turned into drift kept the fingerprint")
	}
}

// TestUnreviewedNamesEveryChangeNoReviewerSaw: the changes of two
// reviewed plans together cover a plan that holds both; a change shown
// with other content, or not shown at all, is named.
func TestUnreviewedNamesEveryChangeNoReviewerSaw(t *testing.T) {
	a := mustFingerprint(t, testPlan(update("returns", "old", "new")))
	b := mustFingerprint(t, testPlan(update("shipping", "a", "b")))
	both := testPlan(update("returns", "old", "new"), update("shipping", "a", "b"))
	if got := Unreviewed(mustFingerprint(t, both), needsReview(both, nil), []Fingerprint{b, a}); len(got) != 0 {
		t.Errorf("two reviewed plans do not cover their union: %v", got)
	}
	now := testPlan(update("returns", "old", "newer"), update("shipping", "a", "b"), update("warranty", "c", "d"))
	got := strings.Join(Unreviewed(mustFingerprint(t, now), needsReview(now, nil), []Fingerprint{b, a}), "\n")
	want := "changed since the review: update acme/article/\"returns\"\nnew since the review: update acme/article/\"warranty\""
	if got != want {
		t.Errorf("Unreviewed =\n%s\nwant\n%s", got, want)
	}
	drifted := testPlan(update("warranty", "c", "d"))
	drifted.Changes[0].Drift = &plan.Drift{}
	if got := Unreviewed(mustFingerprint(t, drifted), needsReview(drifted, nil), nil); len(got) != 0 {
		t.Errorf("drift, which apply leaves alone, needs a review: %v", got)
	}
	forced := apply.Options{ForceDrift: true}
	if got := Unreviewed(mustFingerprint(t, drifted), needsReview(drifted, forced.Runs), nil); len(got) != 1 {
		t.Errorf("drift that apply --force-drift overwrites needs no review: %v", got)
	}
}

func TestMarkerRoundTrip(t *testing.T) {
	fp := mustFingerprint(t, testPlan(update("returns", "old", "new")))
	m := Marker{Dir: "config dir/eu", Fingerprint: fp, Head: "0123456789abcdef0123456789abcdef01234567"}
	body := m.String() + "\n### octosync plan\n"
	got, ok := ParseMarker(body)
	if !ok || got.Dir != m.Dir || got.Fingerprint.Sum != fp.Sum || len(got.Fingerprint.Changes) != 1 || got.Head != m.Head {
		t.Fatalf("ParseMarker = %+v, %v", got, ok)
	}
	// Only the first line counts: a comment quoting a marker is not one.
	for _, quoted := range []string{"text before\n" + m.String(), "> " + m.String(), " " + m.String()} {
		if _, ok := ParseMarker(quoted); ok {
			t.Errorf("a marker not on the first line parsed: %q", quoted)
		}
	}
	if strings.Contains(m.String(), "-->") != true || strings.Count(m.String(), "-->") != 1 {
		t.Errorf("marker must be one HTML comment: %s", m)
	}
	if _, ok := ParseMarker("<!-- octosync:plan v1 dir=. !!! -->"); ok {
		t.Error("a damaged marker parsed")
	}
}

func TestPlanCommentBodyFitsGitHubLimit(t *testing.T) {
	var changes []plan.Change
	long := strings.Repeat("a line of the live article that differs ünïcödé\n", 300)
	for i := 0; i < 40; i++ {
		changes = append(changes, update("article-"+strings.Repeat("x", i), long, strings.ToUpper(long)))
	}
	p := testPlan(changes...)
	fp := mustFingerprint(t, p)
	e := Env{Repository: "o/r", RunID: "77", ServerURL: "https://github.example", SHA: "0123456789abcdef"}
	body, err := PlanCommentBody(e, "config", e.SHA, p, fp)
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(body); n > CommentLimit-resultReserve {
		t.Errorf("comment is %d characters", n)
	}
	if !strings.Contains(body, "too long for a comment") || !strings.Contains(body, "https://github.example/o/r/actions/runs/77") {
		t.Error("a cut comment must point to the run's step summary")
	}
	m, ok := ParseMarker(body)
	if !ok || m.Fingerprint.Sum != fp.Sum || m.Dir != "config" {
		t.Errorf("marker = %+v, %v", m, ok)
	}
	// The apply result goes after the marker and replaces an earlier one.
	withResult := WithResult(WithResult(body, StatusFailed, "**Failed** first"), StatusApplied, "**Applied** second")
	if strings.Contains(withResult, "first") || !strings.Contains(withResult, "**Applied** second") {
		t.Error("the apply result was not replaced")
	}
	if st := ResultStatus(withResult); st != StatusApplied {
		t.Errorf("ResultStatus = %q, want %q", st, StatusApplied)
	}
	if utf8.RuneCountInString(withResult) > CommentLimit {
		t.Error("the result pushed the comment over the limit")
	}
	if m2, ok := ParseMarker(withResult); !ok || m2.Fingerprint.Sum != fp.Sum {
		t.Error("the result damaged the marker")
	}
}

func TestReviewErrorNamesThePullRequestsRead(t *testing.T) {
	for _, tc := range []struct {
		e    ReviewError
		want string
	}{
		{ReviewError{PRs: []int{7}, Dir: ".", Now: "abc"}, "pull request #7 shows no octosync plan for ., so this plan (abc) was never reviewed"},
		{ReviewError{PRs: []int{12}, Reviewed: "def", Now: "abc", Unreviewed: []string{"new since the review: x"}}, "the plan now (abc) differs from the one reviewed in pull request #12 (def); nothing was applied\n  new since the review: x\n"},
		{ReviewError{PRs: []int{9}, Dir: ".", Env: "production", Now: "abc"}, "pull request #9 shows no octosync plan for the environment production, so this plan (abc) was never reviewed; nothing was applied: run the plan job with --env production on the pull request"},
		{ReviewError{PRs: []int{12}, Env: "production", Reviewed: "def", Now: "abc"}, "the plan for the environment production now (abc) differs from the one reviewed in pull request #12 (def)"},
		{ReviewError{PRs: []int{22, 21}, Now: "abc", Unreviewed: []string{"changed since the review: y"}}, "the plan now (abc) has changes that no reviewed plan of the pull requests merged since the last successful apply (#22, #21) showed; nothing was applied\n  changed since the review: y\n"},
	} {
		if got := tc.e.Error(); !strings.Contains(got, tc.want) {
			t.Errorf("Error() =\n%s\nwant it to hold\n%s", got, tc.want)
		}
	}
}

// TestFingerprintCoversTheEnvironment: two environments may share an API
// URL and plan identical changes (a create in each); their fingerprints,
// and each change's digest, still differ, so a plan reviewed for staging
// vouches for nothing on production. Without an environment the bytes
// hashed are the ones before environments existed.
func TestFingerprintCoversTheEnvironment(t *testing.T) {
	create := func(env string) *plan.Plan {
		c := update("returns", "old", "new")
		c.Action, c.Key.ID, c.Before, c.Fields = plan.Create, "", nil, nil
		p := testPlan(c)
		p.Target, p.Environment = "https://api.octocom.ai/rest/v1", env
		return p
	}
	staging, production, none := mustFingerprint(t, create("staging")), mustFingerprint(t, create("production")), mustFingerprint(t, create(""))
	if staging.Sum == production.Sum || staging.Sum == none.Sum {
		t.Fatal("the environment does not change the fingerprint")
	}
	if staging.Changes[0].Digest == production.Changes[0].Digest {
		t.Error("one change planned for two environments has one digest")
	}
	if got := Unreviewed(production, needsReview(create("production"), nil), []Fingerprint{staging}); len(got) != 1 {
		t.Errorf("a staging review covers production's change: %v", got)
	}
	// A fingerprint pinned before environments: comments already on pull
	// requests keep matching after the upgrade.
	if want := "sha256:" + pinnedNoEnvironmentSum; none.Sum != want {
		t.Errorf("fingerprint without environment = %s, want the one from before environments %s", none.Sum, want)
	}
}

// pinnedNoEnvironmentSum was computed by the code before environments.
const pinnedNoEnvironmentSum = "5cd562bf9f471b7779534ef2e0b2e3f2761b6a52936b95621e5c19e295fed5de"

// TestMarkerKeysByDirectoryAndEnvironment: the environment rides in the
// marker, a marker of older versions (no env) keeps parsing as the
// directory's comment without environment, and a plan comment's marker
// names its plan's environment.
func TestMarkerKeysByDirectoryAndEnvironment(t *testing.T) {
	fp := mustFingerprint(t, testPlan(update("returns", "old", "new")))
	m := Marker{Dir: "config", Env: "staging", Fingerprint: fp}
	if !strings.HasPrefix(m.String(), "<!-- octosync:plan v1 dir=config env=staging ") {
		t.Errorf("marker = %s", m)
	}
	got, ok := ParseMarker(m.String())
	if !ok || got.Key() != (CommentKey{Dir: "config", Env: "staging"}) || got.Fingerprint.Sum != fp.Sum {
		t.Fatalf("ParseMarker = %+v, %v", got, ok)
	}
	// Whatever the name, the marker parses back (it is path-escaped).
	if odd, ok := ParseMarker(Marker{Dir: "a b", Env: "eu prod", Fingerprint: fp}.String()); !ok || odd.Key() != (CommentKey{Dir: "a b", Env: "eu prod"}) {
		t.Errorf("a marker with spaces = %+v, %v", odd, ok)
	}
	old, ok := ParseMarker(Marker{Dir: "config", Fingerprint: fp}.String())
	if !ok || old.Key() != (CommentKey{Dir: "config"}) || strings.Contains(Marker{Dir: "config", Fingerprint: fp}.String(), "env=") {
		t.Errorf("a marker without environment = %+v, %v", old, ok)
	}
	p := testPlan(update("returns", "old", "new"))
	p.Environment = "production"
	body, err := PlanCommentBody(Env{}, ".", "", p, mustFingerprint(t, p))
	if err != nil {
		t.Fatal(err)
	}
	if bm, ok := ParseMarker(body); !ok || bm.Key() != (CommentKey{Dir: ".", Env: "production"}) || !strings.Contains(body, "**Environment:** `production`") {
		t.Errorf("plan comment for production: marker %+v, %v\n%s", bm, ok, body)
	}
}
