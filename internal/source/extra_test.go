package source

import (
	"slices"
	"strings"
	"testing"
)

func TestLoadListsTestsAndMacrosApartFromResources(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"octosync.yaml":                       "version: 1\n",
		"businesses/acme/articles/returns.md": "---\ntitle: Return policy\n---\nText.\n",
		"businesses/acme/tests/returns.yaml":  "tests: []\n",
		"businesses/acme/tests/more.yml":      "tests: []\n",
		"businesses/acme/tests/notes.txt":     "ideas",
		"businesses/acme/tests/old/x.yaml":    "tests: []\n",
		"businesses/acme/macros/refund.yaml":  "id: mac_1\ntitle: Refund\ncontent: x\n",
		"businesses/acme/test/x.yaml":         "tests: []\n",
	})
	repo, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"businesses/acme/tests/more.yml", "businesses/acme/tests/returns.yaml"}; !slices.Equal(repo.Tests, want) {
		t.Errorf("Tests = %v, want %v", repo.Tests, want)
	}
	if want := []string{"businesses/acme/macros/refund.yaml"}; !slices.Equal(repo.Macros, want) {
		t.Errorf("Macros = %v, want %v", repo.Macros, want)
	}
	if len(repo.Resources) != 1 {
		t.Errorf("%d resources, want only the article: tests and macros are no resources", len(repo.Resources))
	}
	var msgs []string
	for _, d := range repo.Diags {
		msgs = append(msgs, d.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"businesses/acme/tests/notes.txt: warning: `notes.txt` is not read: tests/ holds YAML files",
		"businesses/acme/tests/old: error: `old/` is not read",
		"businesses/acme/test: error: unknown folder `test`: did you mean `tests/`?",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
}
