package lint_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/sandbox"
	"github.com/octosync/octosync/internal/source"
)

// TestAgreesWithServer pins validate to the server's rules, which the
// sandbox implements (docs/design.md §8): for each one-resource repository,
// validate reports an error exactly when the server refuses the normalized
// spec octosync would send. An error the server would not raise stops a
// plan of files `octosync pull` wrote; a refusal validate did not predict
// fails an apply half-way.
func TestAgreesWithServer(t *testing.T) {
	const wf = "businesses/acme/workflows/w.yaml"
	const py = "businesses/acme/workflows/w.py"
	const art = "businesses/acme/articles/a.md"
	const rule = "businesses/acme/bot-rules/r.yaml"
	workflow := func(extra string) string {
		return "title: W\ntrigger: When asked.\ninstructions: Answer.\n" + extra
	}
	article := func(front, body string) string {
		return "---\ntitle: A\n" + front + "---\n" + body
	}
	const provider = "def evaluate_conditions(context):\n    return {\"vip\": True}\n"
	const vipVariant = "variants:\n  - name: VIP\n    condition: vip\n    instructions: Be quick.\n"
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"workflow", map[string]string{wf: workflow("conditionProvider: {file: w.py}\n" + vipVariant), py: provider}},
		{"empty provider file with a condition", map[string]string{wf: workflow("conditionProvider: {file: w.py}\n" + vipVariant), py: ""}},
		{"blank provider file with a condition", map[string]string{wf: workflow("conditionProvider: {file: w.py}\n" + vipVariant), py: "  \n\n\t\n"}},
		{"blank inline provider with a condition", map[string]string{wf: workflow("conditionProvider: {code: \"  \\n\"}\n" + vipVariant)}},
		{"blank provider without conditions", map[string]string{wf: workflow("conditionProvider: {file: w.py}\nvariants:\n  - name: VIP\n    condition: \"\"\n    instructions: Be quick.\n"), py: " \n"}},
		{"condition without provider", map[string]string{wf: workflow(vipVariant)}},
		{"empty condition without provider", map[string]string{wf: workflow("variants:\n  - name: VIP\n    condition: \"\"\n    instructions: Be quick.\n")}},
		{"blank condition without provider", map[string]string{wf: workflow("variants:\n  - name: VIP\n    condition: \"  \"\n    instructions: Be quick.\n")}},
		{"no condition key", map[string]string{wf: workflow("variants:\n  - name: VIP\n    instructions: Be quick.\n")}},
		{"blank variant instructions", map[string]string{wf: workflow("conditionProvider: {file: w.py}\nvariants:\n  - name: VIP\n    condition: vip\n    instructions: \"  \\n \"\n"), py: provider}},
		{"blank variant name", map[string]string{wf: workflow("conditionProvider: {file: w.py}\nvariants:\n  - name: \"  \"\n    condition: vip\n    instructions: Be quick.\n"), py: provider}},
		{"empty action", map[string]string{wf: workflow("actions: [\"\"]\n")}},
		{"blank action", map[string]string{wf: workflow("actions: [getOrderById, \"  \"]\n")}},
		{"blank trigger", map[string]string{wf: "title: W\ntrigger: \" \"\ninstructions: Answer.\n"}},
		{"article", map[string]string{art: article("language: en\n", "Text.\n")}},
		{"empty article", map[string]string{art: article("", "")}},
		{"blank article", map[string]string{art: article("", "\n  \n\n")}},
		{"comment-only article", map[string]string{art: article("", "<!-- later -->\n")}},
		{"language en-us", map[string]string{art: article("language: en-us\n", "Text.\n")}},
		{"language de-CH-1996", map[string]string{art: article("language: de-CH-1996\n", "Text.\n")}},
		{"language zh-hant-tw", map[string]string{art: article("language: zh-hant-tw\n", "Text.\n")}},
		{"language tl", map[string]string{art: article("language: tl\n", "Text.\n")}},
		{"language EN", map[string]string{art: article("language: EN\n", "Text.\n")}},
		{"language de_CH", map[string]string{art: article("language: de_CH\n", "Text.\n")}},
		{"language english", map[string]string{art: article("language: english\n", "Text.\n")}},
		{"language padded", map[string]string{art: article("language: \" de \"\n", "Text.\n")}},
		{"bot rule", map[string]string{rule: "title: R\ncontent: Be kind.\n"}},
		{"blank bot rule", map[string]string{rule: "title: R\ncontent: \"  \"\n"}},
		{"blank title", map[string]string{rule: "title: \"  \"\ncontent: Be kind.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "octosync.yaml", []byte("version: 1\n"))
			for name, data := range tt.files {
				write(t, dir, name, []byte(data))
			}
			repo, err := source.Load(dir, source.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(repo.Documents) != 1 || repo.Documents[0] == nil || repo.Documents[0].Spec == nil {
				t.Fatalf("want one parsed document; diagnostics:\n%s", render(repo.Diags))
			}
			d := repo.Documents[0]
			body, err := json.Marshal(d.Spec.Normalize())
			if err != nil {
				t.Fatal(err)
			}
			_, serverErr := sandbox.DecodeContent(sandbox.Kind(d.Kind.Dir()), body)
			var errs diag.List
			for _, dg := range all(repo) {
				if dg.Severity == diag.Error {
					errs = append(errs, dg)
				}
			}
			switch {
			case serverErr != nil && len(errs) == 0:
				t.Errorf("validate passes what the server refuses: %v\nsent %s", serverErr, body)
			case serverErr == nil && len(errs) > 0:
				t.Errorf("validate refuses what the server accepts (%s):\n%s", body, render(errs))
			}
		})
	}
}

// TestServerLanguagePattern keeps lint's copy of the server's language
// pattern equal to the contract's.
func TestServerLanguagePattern(t *testing.T) {
	for _, lang := range []string{"en", "de-CH", "en-us", "de-CH-1996", "zh-Hant-TW", "es-419", "EN", "de_CH", "e", "english", "en-", "en-a", "en-abcdefghi"} {
		_, err := sandbox.DecodeContent(sandbox.KindArticle, []byte(`{"title":"A","content":"","language":"`+lang+`"}`))
		if got, want := lintAcceptsLanguage(t, lang), err == nil; got != want {
			t.Errorf("language %q: validate accepts %v, server accepts %v", lang, got, want)
		}
	}
}

func lintAcceptsLanguage(t *testing.T, lang string) bool {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "businesses/acme/articles/a.md", []byte("---\ntitle: A\nlanguage: "+lang+"\n---\nText.\n"))
	repo, err := source.Load(dir, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return !all(repo).HasErrors()
}

// TestLanguageWarnings: a code the server accepts gets at most a warning,
// and only for its casing.
func TestLanguageWarnings(t *testing.T) {
	for lang, want := range map[string]string{
		"en-us":      "warning: language \"en-us\" is accepted, but not spelled the usual way (lower-case language, title-case script, upper-case region): did you mean `en-US`?",
		"de-ch-1996": "did you mean `de-CH-1996`?",
		"de-CH-1996": "",
		"tl":         "", // canonical "fil" is another code, not another spelling
		"en-GB":      "",
	} {
		dir := t.TempDir()
		write(t, dir, "businesses/acme/articles/a.md", []byte("---\ntitle: A\nlanguage: "+lang+"\n---\nText.\n"))
		repo, err := source.Load(dir, source.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := render(all(repo))
		switch {
		case want == "" && got != "":
			t.Errorf("%s: got %s, want nothing", lang, got)
		case want != "" && (!strings.Contains(got, want) || strings.Count(got, "\n") != 1 || !strings.Contains(got, ": warning: ")):
			t.Errorf("%s: got %q, want one warning containing %q", lang, got, want)
		}
	}
}
