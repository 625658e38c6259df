package config

import (
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestDefault(t *testing.T) {
	c := Default()
	if c.Version != 1 || c.Defaults.Language != "en" || c.Prune || c.MaxDeletes != 10 || c.Limits != DefaultLimits() || c.Path != "" || c.API.URL != "" || len(c.Ignore) != 0 {
		t.Errorf("Default() = %+v", c)
	}
	want := Limits{TitleMax: 200, ArticleContentMax: 50000, BotRuleContentMax: 500, EnabledBotRulesMax: 25, VariantsMax: 10, TagsMax: 20, TagLengthMax: 50}
	if DefaultLimits() != want {
		t.Errorf("DefaultLimits() = %+v, want %+v", DefaultLimits(), want)
	}
}

func TestParse(t *testing.T) {
	in := `version: 1
api:
  url: https://octocom.example/rest/v1
defaults:
  language: no
prune: true
maxDeletes: 0
ignore:
  - {kind: article, title: "Black Friday *"}
  - title: Internal/*
  - kind: bot-rule
limits:
  titleMax: 300
  tagsMax: 5
`
	c, diags := Parse("octosync.yaml", []byte(in))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := Default()
	want.Path = "octosync.yaml"
	want.API.URL = "https://octocom.example/rest/v1"
	want.Defaults.Language = "no"
	want.Prune = true
	want.MaxDeletes = 0
	want.Ignore = []IgnoreRule{{Kind: "article", Title: "Black Friday *"}, {Title: "Internal/*"}, {Kind: "bot-rule"}}
	want.Limits.TitleMax = 300
	want.Limits.TagsMax = 5
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Parse:\n got  %+v\n want %+v", c, want)
	}
}

func TestParseDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"octosync.yaml: error: the file is empty: write at least `version: 1`"}},
		{"not a mapping", "- version: 1\n", []string{"octosync.yaml:1:1: error: the file is not a mapping of keys: write at least `version: 1`, one key per line"}},
		{"invalid utf-8", "version: 1\ndefaults: {language: \xe9}\n", []string{"octosync.yaml:2:22: error: invalid UTF-8: save the file as UTF-8"}},
		{"syntax", "version: 1\nprune: [\n", []string{"octosync.yaml:3: error: invalid YAML: did not find expected node content; quote a value that starts with `*`, `&`, `!`, `[` or `{`"}},
		{"missing version", "prune: true\n", []string{"octosync.yaml:1:1: error: missing `version`: every octosync.yaml needs a version, like `version: 1`"}},
		{"unsupported version", "version: 2\n", []string{"octosync.yaml:1:10: error: unsupported `version` `2`: this octosync understands only `version: 1`"}},
		{"version as text", "version: one\n", []string{"octosync.yaml:1:10: error: `version` must be a whole number, like `version: 1`"}},
		{"unknown key with suggestion", "version: 1\nprun: true\n", []string{"octosync.yaml:2:1: error: unknown key `prun`: did you mean `prune`?"}},
		{"unknown nested key", "version: 1\ndefaults:\n  langauge: de\n", []string{"octosync.yaml:3:3: error: unknown key `langauge`: did you mean `language`?"}},
		{"unknown key without suggestion", "version: 1\nbusinesses: [a]\n", []string{"octosync.yaml:2:1: error: unknown key `businesses`: an octosync.yaml has only `api`, `defaults`, `environments`, `ignore`, `limits`, `maxDeletes`, `prune` and `version`"}},
		{"negative maxDeletes", "version: 1\nmaxDeletes: -1\n", []string{"octosync.yaml:2:13: error: `maxDeletes` must be at least 0, not -1"}},
		{"prune as text", "version: 1\nprune: sometimes\n", []string{"octosync.yaml:2:8: error: `prune` must be true or false, like `prune: false`"}},
		{"bad url", "version: 1\napi: {url: octocom.example}\n", []string{"octosync.yaml:2:12: error: `api.url` must match the pattern `^https?://`, like `url: https://api.octocom.ai/rest/v1`"}},
		{"bad kind", "version: 1\nignore:\n  - {kind: articles, title: x}\n", []string{"octosync.yaml:3:12: error: `ignore[0].kind` must be one of `article`, `workflow`, `bot-rule` or `*`, not `articles`: did you mean `article`?"}},
		{"empty ignore rule", "version: 1\nignore: [{}]\n", []string{"octosync.yaml:2:10: error: `ignore[0]` must not be empty: set `kind` or `title`, like `{kind: article, title: Black Friday *}`"}},
		{"ignore not a list", "version: 1\nignore: {kind: article}\n", []string{"octosync.yaml:2:9: error: `ignore` must be a list of ignore rules, like `ignore: [{kind: article, title: Black Friday *}]`"}},
		{"bad pattern", "version: 1\nignore:\n  - title: \"[Draft\"\n", []string{"octosync.yaml:3:12: error: `ignore[0].title` is not a valid pattern: close every `[` with `]` and do not end it with a lone `\\`"}},
		{"unknown limit", "version: 1\nlimits: {titelMax: 10}\n", []string{"octosync.yaml:2:10: error: unknown key `titelMax`: did you mean `titleMax`?"}},
		{"limit too small", "version: 1\nlimits: {titleMax: 0}\n", []string{"octosync.yaml:2:20: error: `limits.titleMax` must be at least 1, not 0"}},
		{"duplicate key", "version: 1\nprune: true\nprune: false\n", []string{"octosync.yaml:3:1: error: duplicate key `prune`: it is already set on line 2; remove one of them"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Parse("octosync.yaml", []byte(tt.in))
			if c == nil {
				t.Fatal("Parse returned nil")
			}
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diagnostics:\n got  %q\n want %q", got, tt.want)
			}
		})
	}
}

func TestParseKeepsDefaultsForInvalidValues(t *testing.T) {
	c, diags := Parse("octosync.yaml", []byte("version: 1\nmaxDeletes: -5\nprune: maybe\ndefaults: {language: ~}\n"))
	if !diags.HasErrors() {
		t.Fatal("want errors")
	}
	if c.MaxDeletes != 10 || c.Prune || c.Defaults.Language != "en" {
		t.Errorf("config = %+v", c)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	c, diags, err := Load(dir)
	if err != nil || len(diags) > 0 || !reflect.DeepEqual(c, Default()) {
		t.Errorf("missing file: %+v, %v, %v", c, diags, err)
	}

	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("version: 1\nprune: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, diags, err = Load(dir)
	if err != nil || len(diags) > 0 || !c.Prune || c.Path != FileName {
		t.Errorf("file: %+v, %v, %v", c, diags, err)
	}

	bad := t.TempDir()
	if err := os.Mkdir(filepath.Join(bad, FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(bad); err == nil || !strings.Contains(err.Error(), FileName) {
		t.Errorf("unreadable file: err = %v", err)
	}
}

func TestIgnoreRuleMatch(t *testing.T) {
	tests := []struct {
		rule  IgnoreRule
		kind  resource.Kind
		title string
		want  bool
	}{
		{IgnoreRule{}, resource.KindArticle, "anything", true},
		{IgnoreRule{Kind: "*"}, resource.KindBotRule, "x", true},
		{IgnoreRule{Kind: "article"}, resource.KindArticle, "x", true},
		{IgnoreRule{Kind: "article"}, resource.KindWorkflow, "x", false},
		{IgnoreRule{Kind: "bot-rule", Title: "*"}, resource.KindBotRule, "", true},
		{IgnoreRule{Title: "Black Friday *"}, resource.KindArticle, "Black Friday 2025", true},
		{IgnoreRule{Title: "Black Friday *"}, resource.KindArticle, "black friday 2025", false},
		{IgnoreRule{Title: "Black Friday *"}, resource.KindArticle, "Black Friday", false},
		{IgnoreRule{Title: "Returns*"}, resource.KindArticle, "Returns / Refunds", true},
		{IgnoreRule{Title: "*/*"}, resource.KindArticle, "a/b", true},
		{IgnoreRule{Title: "a?c"}, resource.KindArticle, "a/c", true},
		{IgnoreRule{Title: "[A-C]*"}, resource.KindArticle, "Bonus", true},
		{IgnoreRule{Title: "[^A-C]*"}, resource.KindArticle, "Bonus", false},
		{IgnoreRule{Title: `\*`}, resource.KindArticle, "*", true},
		{IgnoreRule{Title: `\*`}, resource.KindArticle, "x", false},
		{IgnoreRule{Title: "[broken"}, resource.KindArticle, "[broken", false},
		{IgnoreRule{Title: "Exact"}, resource.KindArticle, "Exact", true},
		{IgnoreRule{Title: "Exact"}, resource.KindArticle, "Exactly", false},
	}
	for _, tt := range tests {
		if got := tt.rule.Match(tt.kind, tt.title); got != tt.want {
			t.Errorf("%+v.Match(%s, %q) = %v, want %v", tt.rule, tt.kind, tt.title, got, tt.want)
		}
	}
	c := Default()
	c.Ignore = []IgnoreRule{{Kind: "workflow"}, {Title: "Draft*"}}
	if !c.Ignored(resource.KindWorkflow, "x") || !c.Ignored(resource.KindArticle, "Draft 1") || c.Ignored(resource.KindArticle, "x") {
		t.Error("Ignored")
	}
}

func TestRenderGolden(t *testing.T) {
	custom := Default()
	custom.API.URL = "http://localhost:8080"
	custom.Defaults.Language = "de-CH"
	custom.Prune = true
	custom.MaxDeletes = 0
	custom.Ignore = []IgnoreRule{{Kind: "article", Title: "Black Friday *"}, {Title: "yes"}, {Kind: "*"}, {}}
	custom.Limits.TitleMax = 300
	custom.Limits.VariantsMax = 0
	for name, c := range map[string]*Config{"default": Default(), "custom": custom} {
		t.Run(name, func(t *testing.T) {
			got := c.Render()
			golden := filepath.Join("testdata", "render", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("Render differs from %s (go test -update rewrites it):\n%s", golden, got)
			}
		})
	}
}

// TestRenderRoundTrip checks Parse(Render(c)) == c for generated configs.
func TestRenderRoundTrip(t *testing.T) {
	strs := []string{"en", "de-CH", "no", "yes", "null", "a: b", "# x", "Black Friday *", "Returns/*", "🎉", "'q'", "x"}
	kinds := []string{"", "*", "article", "workflow", "bot-rule"}
	for seed := uint64(0); seed < 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		c := Default()
		if r.IntN(2) == 0 {
			c.API.URL = "https://h" + strs[r.IntN(len(strs))]
		}
		c.Defaults.Language = strs[r.IntN(len(strs))]
		c.Prune = r.IntN(2) == 0
		c.MaxDeletes = r.IntN(100)
		for i := r.IntN(4); i > 0; i-- {
			rule := IgnoreRule{Kind: kinds[r.IntN(len(kinds))]}
			if r.IntN(3) > 0 {
				rule.Title = strs[r.IntN(len(strs))]
			}
			c.Ignore = append(c.Ignore, rule)
		}
		for _, lk := range limitKeys {
			if r.IntN(3) == 0 {
				*lk.field(&c.Limits) = 1 + r.IntN(1000)
			}
		}
		c.Path = FileName
		back, diags := Parse(FileName, c.Render())
		if len(diags) > 0 {
			t.Fatalf("seed %d: %v\n%s", seed, diags, c.Render())
		}
		// An empty rule renders as {kind: "*"}: the same rule.
		for i, r := range c.Ignore {
			if r == (IgnoreRule{}) {
				c.Ignore[i].Kind = "*"
			}
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("seed %d:\n got  %+v\n want %+v\n%s", seed, back, c, c.Render())
		}
		if string(back.Render()) != string(c.Render()) {
			t.Fatalf("seed %d: Render is not a fixed point", seed)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("version: 1\n"))
	f.Add(Default().Render())
	f.Add([]byte("version: 1\nignore: [{kind: article, title: '[x'}]\nlimits: {titleMax: 1.0}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, diags := Parse(FileName, data)
		if c == nil {
			t.Fatal("nil config")
		}
		if diags.HasErrors() {
			return
		}
		back, diags := Parse(FileName, c.Render())
		if len(diags) > 0 {
			t.Fatalf("rendered config does not parse: %v\n%s", diags, c.Render())
		}
		if string(back.Render()) != string(c.Render()) {
			t.Fatalf("Render is not a fixed point:\n%s\n----\n%s", c.Render(), back.Render())
		}
	})
}
