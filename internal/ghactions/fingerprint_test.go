package ghactions

import (
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

func TestDifferencesSayWhatChanged(t *testing.T) {
	reviewed := mustFingerprint(t, testPlan(update("returns", "old", "new"), update("shipping", "a", "b")))
	now := mustFingerprint(t, testPlan(update("returns", "old", "newer"), update("warranty", "c", "d")))
	got := strings.Join(Differences(reviewed, now), "\n")
	for _, want := range []string{
		`changed since the review: update acme/article/"returns"`,
		`new since the review: update acme/article/"warranty"`,
		`reviewed but no longer planned: update acme/article/"shipping"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("differences lack %q:\n%s", want, got)
		}
	}
	if d := Differences(reviewed, reviewed); d != nil {
		t.Errorf("equal fingerprints differ: %v", d)
	}
}

func TestMarkerRoundTrip(t *testing.T) {
	fp := mustFingerprint(t, testPlan(update("returns", "old", "new")))
	m := Marker{Dir: "config dir/eu", Fingerprint: fp}
	body := "text before\n" + m.String() + "\n### octosync plan\n"
	got, ok := ParseMarker(body)
	if !ok || got.Dir != m.Dir || got.Fingerprint.Sum != fp.Sum || len(got.Fingerprint.Changes) != 1 {
		t.Fatalf("ParseMarker = %+v, %v", got, ok)
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
	body, err := PlanCommentBody(e, "config", p, fp)
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
	withResult := WithResult(WithResult(body, "**Failed** first"), "**Applied** second")
	if strings.Contains(withResult, "first") || !strings.Contains(withResult, "**Applied** second") {
		t.Error("the apply result was not replaced")
	}
	if utf8.RuneCountInString(withResult) > CommentLimit {
		t.Error("the result pushed the comment over the limit")
	}
	if m2, ok := ParseMarker(withResult); !ok || m2.Fingerprint.Sum != fp.Sum {
		t.Error("the result damaged the marker")
	}
}
