package lint

import (
	"testing"

	"github.com/octosync/octosync/internal/config"
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
