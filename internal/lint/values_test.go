package lint

import (
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/convtest"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// A repository without environments keeps its text as it always was:
// `${{` there is content (an article about GitHub Actions, say).
func TestPlaceholdersArePlainTextWithoutEnvironments(t *testing.T) {
	d := &document.Document{Path: "businesses/acme/articles/ci.md", Kind: resource.KindArticle,
		Spec: resource.Article{Title: "CI", Content: "Use ${{ secrets.TOKEN }} and ${{ values.x }}."}}
	if l := checkValues(d, config.Default()); len(l) != 0 {
		t.Fatalf("diagnostics without environments: %v", l)
	}
}

// Test files are rendered for every environment by `octosync test --env`:
// their placeholders are checked like a resource file's, at the column of
// the placeholder (after a quote), and only in a repository with
// environments.
func TestCheckTextsReportsPlaceholdersOfTestFiles(t *testing.T) {
	file := "tests:\n  - name: A\n    turns:\n      - customer: Hi ${{ values.brand }}\n        expect:\n          contains: \"at ${{ values.supportEmial }}\"\n          regex: |\n            a\n            ${{ values.x\n"
	tests, diags := convtest.Parse("businesses/acme/tests/a.yaml", []byte(file), nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	cfg := &config.Config{Environments: []config.Environment{
		{Name: "production", Values: map[string]string{"supportEmail": "a@x", "brand": "N"}},
		{Name: "staging", Values: map[string]string{"supportEmail": "b@x"}},
	}}
	var got []string
	for _, d := range CheckTexts(cfg, tests[0].File, tests[0].Texts) {
		got = append(got, d.String())
	}
	want := []string{
		"businesses/acme/tests/a.yaml:4:22: error: ${{ values.brand }}: octosync.yaml has no value for it in environments.staging.values: add `brand: TEXT` there",
		"businesses/acme/tests/a.yaml:6:25: error: ${{ values.supportEmial }}: octosync.yaml has no value for it in environments.production.values or environments.staging.values: did you mean ${{ values.supportEmail }}?",
		`businesses/acme/tests/a.yaml:9: error: "${{ values.x" is not a placeholder: write ${{ values.NAME }}, or $${{ for a literal ${{`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if l := CheckTexts(config.Default(), tests[0].File, tests[0].Texts); len(l) != 0 {
		t.Errorf("diagnostics without environments: %v", l)
	}
}
