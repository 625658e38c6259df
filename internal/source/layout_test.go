package source

import (
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/resource"
)

func TestClassifyFile(t *testing.T) {
	tests := []struct {
		kind resource.Kind
		name string
		role role
		sev  diag.Severity
		msg  string // substring of the message, for roleMisplaced
	}{
		{resource.KindArticle, "returns.md", roleResource, 0, ""},
		{resource.KindArticle, "returns.MD", roleMisplaced, diag.Error, "rename `returns.MD` to `returns.md`"},
		{resource.KindArticle, "returns.yaml", roleMisplaced, diag.Error, "articles are Markdown files (`.md`)"},
		{resource.KindArticle, "returns.markdown", roleMisplaced, diag.Error, "rename `returns.markdown` to `returns.md`"},
		{resource.KindArticle, "label.png", roleAsset, 0, ""},
		{resource.KindArticle, "notes.txt", roleMisplaced, diag.Warning, "`notes.txt` is not synced: articles/ holds articles (`.md`)"},
		{resource.KindArticle, "check.py", roleMisplaced, diag.Error, "move `check.py` to workflows/"},
		{resource.KindWorkflow, "refund.yaml", roleResource, 0, ""},
		{resource.KindWorkflow, "refund.yml", roleResource, 0, ""},
		{resource.KindWorkflow, "refund.YAML", roleMisplaced, diag.Error, "rename `refund.YAML` to `refund.yaml`"},
		{resource.KindWorkflow, "refund.py", roleProvider, 0, ""},
		{resource.KindWorkflow, "refund.md", roleMisplaced, diag.Error, "workflows are YAML files"},
		{resource.KindWorkflow, "refund.json", roleMisplaced, diag.Error, "rewrite `refund.json` as `refund.yaml`"},
		{resource.KindWorkflow, "Makefile", roleMisplaced, diag.Warning, "workflows/ holds workflows (`.yaml`) and their condition providers"},
		{resource.KindBotRule, "tone.yaml", roleResource, 0, ""},
		{resource.KindBotRule, "tone.md", roleMisplaced, diag.Error, "bot rules are YAML files"},
		{resource.KindBotRule, "tone.py", roleMisplaced, diag.Error, "condition providers belong beside their workflow"},
	}
	for _, tt := range tests {
		got := classifyFile(tt.kind, tt.name)
		if got.role != tt.role {
			t.Errorf("classifyFile(%s, %q).role = %d, want %d", tt.kind, tt.name, got.role, tt.role)
			continue
		}
		if tt.role != roleMisplaced {
			continue
		}
		if got.severity != tt.sev || !strings.Contains(got.message, tt.msg) {
			t.Errorf("classifyFile(%s, %q) = %s %q, want %s containing %q", tt.kind, tt.name, got.severity, got.message, tt.sev, tt.msg)
		}
	}
}

func TestSuggestKindDir(t *testing.T) {
	tests := map[string]string{
		"article":   "articles",
		"Articles":  "articles",
		"artciles":  "articles",
		"workflow":  "workflows",
		"work-flow": "workflows",
		"bot_rules": "bot-rules",
		"botrules":  "bot-rules",
		"BotRule":   "bot-rules",
		"rules":     "bot-rules",
		"templates": "",
		"assets":    "",
	}
	for in, want := range tests {
		if got := suggestKindDir(in); got != want {
			t.Errorf("suggestKindDir(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPaths(t *testing.T) {
	if got := BusinessOf("businesses/acme/articles/a.md"); got != "acme" {
		t.Errorf("BusinessOf = %q", got)
	}
	if got := BusinessOf("octosync.yaml"); got != "" {
		t.Errorf("BusinessOf(octosync.yaml) = %q", got)
	}
	if k, ok := KindOf("businesses/acme/bot-rules/r.yaml"); !ok || k != resource.KindBotRule {
		t.Errorf("KindOf = %q, %v", k, ok)
	}
	for _, p := range []string{"businesses/acme/article/a.md", "businesses/acme/articles/x/a.md", "README.md"} {
		if _, ok := KindOf(p); ok {
			t.Errorf("KindOf(%q) = true", p)
		}
	}
	if got := KindDir("acme", resource.KindWorkflow); got != "businesses/acme/workflows" {
		t.Errorf("KindDir = %q", got)
	}
}

func TestSavedPlanInAKindFolder(t *testing.T) {
	p := classifyFile(resource.KindArticle, "plan.json")
	if p.role == roleResource || !strings.Contains(p.message, "keep saved plans in .octosync/plans/ (git ignores it") {
		t.Errorf("plan.json in articles/: %+v", p)
	}
}
