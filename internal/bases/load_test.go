package bases

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/resource"
)

var (
	t0         = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	testAuthor = &gitrepo.Signature{Name: "Ada Lovelace", Email: "ada@example.com"}
)

// repoFixture is a git repository whose octosync folder is dir.
type repoFixture struct {
	t    *testing.T
	root string
	dir  string
	repo *gitrepo.Repo
	n    int
}

func newRepoFixture(t *testing.T, prefix string) *repoFixture {
	t.Helper()
	root := t.TempDir()
	if _, err := gitrepo.Init(root); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, filepath.FromSlash(prefix))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return &repoFixture{t: t, root: root, dir: dir, repo: repo}
}

// change is one file edit: a spec rendered under folder/name, or a raw file
// (Data set), or a deletion (both nil).
type change struct {
	folder, name string
	spec         resource.Spec
	data         []byte
}

// commit applies changes and commits them with a fixed author and time.
func (f *repoFixture) commit(msg string, changes ...change) string {
	f.t.Helper()
	var paths []string
	write := func(rel string, data []byte) {
		full := filepath.Join(f.dir, filepath.FromSlash(rel))
		paths = append(paths, rel)
		if data == nil {
			if err := os.Remove(full); err != nil {
				f.t.Fatal(err)
			}
			return
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			f.t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			f.t.Fatal(err)
		}
	}
	for _, c := range changes {
		switch {
		case c.spec != nil:
			files, err := document.Render(c.spec, "", c.name)
			if err != nil {
				f.t.Fatal(err)
			}
			for _, file := range files {
				write(path.Join(c.folder, file.Name), file.Data)
			}
		default:
			write(path.Join(c.folder, c.name), c.data)
		}
	}
	h, err := f.repo.Commit(gitrepo.CommitOptions{Paths: paths, Message: msg, Author: testAuthor, When: t0.Add(time.Duration(f.n) * time.Hour)})
	if err != nil {
		f.t.Fatal(err)
	}
	f.n++
	return h
}

func article(title, content string) resource.Article {
	return resource.Article{Title: title, Content: content, Language: "en", Tags: []string{"policy"}, Enabled: true}
}

func workflow(instructions, provider string) resource.Workflow {
	w := resource.Workflow{Title: "Damaged product", Trigger: "A customer reports a damaged product.", Instructions: instructions, Actions: []string{"getOrderById"}, Enabled: true}
	if provider != "" {
		w.ConditionProvider = &provider
		w.Variants = []resource.Variant{{Name: "Refunded", Condition: "isRefunded", Instructions: "Explain the refund."}}
	}
	return w
}

func botRule(content string) resource.BotRule {
	return resource.BotRule{Title: "Greet", Content: content, Enabled: true}
}

const (
	articles  = "businesses/acme/articles"
	workflows = "businesses/acme/workflows"
	botRules  = "businesses/acme/bot-rules"
)

// TestLoad builds a history inside a bigger repository that edits, renames
// and deletes files and changes a workflow and its provider separately.
func TestLoad(t *testing.T) {
	f := newRepoFixture(t, "octo")
	py1 := "def evaluate_conditions(context):\n    return {\"isRefunded\": False}\n"
	py2 := "def evaluate_conditions(context):\n    return {\"isRefunded\": context[\"refunded\"]}\n"
	c1 := f.commit("initial",
		change{folder: articles, name: "returns", spec: article("Returns", "Within 30 days.")},
		change{folder: botRules, name: "greet", spec: botRule("Say hello.")},
		change{folder: workflows, name: "damaged", spec: workflow("Ask for a photo.", py1)},
		change{folder: "", name: "octosync.yaml", data: []byte("defaultLanguage: en\n")},
	)
	c2 := f.commit("edit article and provider",
		change{folder: articles, name: "returns", spec: article("Returns", "Within 45 days.")},
		change{folder: workflows, name: "damaged.py", data: []byte(py2)},
	)
	f.commit("rename article, edit workflow",
		change{folder: articles, name: "returns.md"},
		change{folder: articles, name: "return-policy", spec: article("Return policy", "Within 45 days.")},
		change{folder: workflows, name: "damaged", spec: workflow("Ask for two photos.", py2)},
	)
	f.commit("delete bot rule", change{folder: botRules, name: "greet.yaml"})
	c5 := f.commit("revert workflow instructions", change{folder: workflows, name: "damaged", spec: workflow("Ask for a photo.", py2)})

	b, err := Load(t.Context(), f.dir, Options{DefaultLanguage: "en"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		business string
		spec     resource.Spec
		want     bool
		commit   string // oldest commit holding it, when want
	}{
		{"article v1", "acme", article("Returns", "Within 30 days."), true, c1},
		{"article v2", "acme", article("Returns", "Within 45 days."), true, c2},
		{"article renamed", "acme", article("Return policy", "Within 45 days."), true, ""},
		{"article equal after normalization", "acme", article("Returns", "Within 30 days.\r\n\n"), true, c1},
		{"trailing spaces are content", "acme", article("Returns", "Within 30 days.  "), false, ""},
		{"article never committed", "acme", article("Returns", "Within 60 days."), false, ""},
		{"article of another business", "other", article("Returns", "Within 30 days."), false, ""},
		{"deleted bot rule", "acme", botRule("Say hello."), true, c1},
		{"bot rule never committed", "acme", botRule("Say hi."), false, ""},
		{"workflow (yaml 1, py 1)", "acme", workflow("Ask for a photo.", py1), true, c1},
		{"workflow (yaml 1, py 2): provider changed alone", "acme", workflow("Ask for a photo.", py2), true, c2},
		{"workflow (yaml 2, py 2)", "acme", workflow("Ask for two photos.", py2), true, ""},
		{"workflow (yaml 2, py 1): never together", "acme", workflow("Ask for two photos.", py1), false, ""},
		{"workflow without provider", "acme", workflow("Ask for a photo.", ""), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Committed(tt.business, tt.spec); got != tt.want {
				t.Errorf("Committed = %v, want %v", got, tt.want)
			}
			h, when, ok := b.Commit(tt.business, tt.spec)
			if ok != tt.want {
				t.Errorf("Commit ok = %v, want %v", ok, tt.want)
			}
			if tt.commit != "" && h != tt.commit {
				t.Errorf("Commit = %s, want %s", h, tt.commit)
			}
			if ok && when.Before(t0) {
				t.Errorf("Commit time %v before the first commit", when)
			}
		})
	}
	if h, _, _ := b.Commit("acme", workflow("Ask for a photo.", py2)); h != c2 || c5 == c2 {
		t.Errorf("the reverted workflow's first commit = %s, want %s (where yaml 1 met py 2), not the revert %s", h, c2, c5)
	}
	if got, want := b.Len(), 7; got != want { // 3 articles, 1 bot rule, 3 workflow pairings
		t.Errorf("Len() = %d, want %d", got, want)
	}
	st := b.Stats()
	if st.Commits != 5 || st.Skipped != 0 || st.Parsed != 7 {
		t.Errorf("Stats() = %+v", st)
	}
}

func TestLoadSkipsUnparsableFiles(t *testing.T) {
	f := newRepoFixture(t, "")
	f.commit("broken",
		change{folder: articles, name: "broken.md", data: []byte("no front matter\n")},
		change{folder: workflows, name: "w.yaml", data: []byte("title: W\ntrigger: t\ninstructions: i\nconditionProvider: {file: missing.py}\n")},
		change{folder: articles, name: "ok", spec: article("OK", "Fine.")},
		change{folder: articles, name: "README.txt", data: []byte("not an article\n")},
	)
	b, err := Load(t.Context(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Committed("acme", article("OK", "Fine.")) {
		t.Error("the valid article is not a base")
	}
	if st := b.Stats(); b.Len() != 1 || st.Parsed != 3 || st.Skipped != 2 {
		t.Errorf("Len() = %d, Stats() = %+v; want 1 base, 3 parsed, 2 skipped", b.Len(), st)
	}
}

func TestLoadUnavailable(t *testing.T) {
	t.Run("not a repository", func(t *testing.T) {
		_, err := Load(t.Context(), t.TempDir(), Options{})
		if !errors.Is(err, ErrNoHistory) || !errors.Is(err, gitrepo.ErrNotRepository) || !Unavailable(err) {
			t.Fatalf("Load = %v, want ErrNoHistory (not a git repository)", err)
		}
		t.Log(err)
	})
	t.Run("no commits", func(t *testing.T) {
		f := newRepoFixture(t, "")
		_, err := Load(t.Context(), f.dir, Options{})
		if !errors.Is(err, ErrNoHistory) || !errors.Is(err, gitrepo.ErrNoCommits) {
			t.Fatalf("Load = %v, want ErrNoHistory (no commits)", err)
		}
		t.Log(err)
	})
	t.Run("shallow clone", func(t *testing.T) {
		if _, err := exec.LookPath("git"); err != nil {
			t.Skip("git binary not available")
		}
		f := newRepoFixture(t, "")
		f.commit("one", change{folder: articles, name: "a", spec: article("A", "1")})
		f.commit("two", change{folder: articles, name: "a", spec: article("A", "2")})
		clone := filepath.Join(t.TempDir(), "clone")
		cmd := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+f.root, clone)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git clone --depth 1: %v\n%s", err, out)
		}
		_, err := Load(t.Context(), clone, Options{})
		if !errors.Is(err, ErrShallow) || !Unavailable(err) {
			t.Fatalf("Load = %v, want ErrShallow", err)
		}
		t.Log(err)
	})
	t.Run("cancelled", func(t *testing.T) {
		f := newRepoFixture(t, "")
		f.commit("one", change{folder: articles, name: "a", spec: article("A", "1")})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := Load(ctx, f.dir, Options{}); !errors.Is(err, context.Canceled) || Unavailable(err) {
			t.Fatalf("Load with a cancelled context = %v, want context.Canceled", err)
		}
	})
}

// TestLoadLanguagePerCommit: an article without `language:` reads with the
// defaults.language of its own commit's octosync.yaml, not today's, so a
// repository that switched its default does not report octosync's own
// earlier writes as drift; a switch alone (no article touched) makes the
// unchanged articles bases in the new language too.
func TestLoadLanguagePerCommit(t *testing.T) {
	f := newRepoFixture(t, "octo")
	raw := func(body string) []byte { return []byte("---\ntitle: Returns\n---\n" + body + "\n") }
	c1 := f.commit("german",
		change{name: "octosync.yaml", data: []byte("version: 1\ndefaults:\n  language: de\n")},
		change{folder: articles, name: "returns.md", data: raw("Version 1.")})
	c2 := f.commit("edit", change{folder: articles, name: "returns.md", data: raw("Version 2.")})
	c3 := f.commit("english", change{name: "octosync.yaml", data: []byte("version: 1\ndefaults:\n  language: en\n")})
	f.commit("unrelated", change{folder: botRules, name: "greet", spec: botRule("Hello.")})
	b, err := Load(t.Context(), f.dir, Options{DefaultLanguage: "en"})
	if err != nil {
		t.Fatal(err)
	}
	at := func(body, lang string) resource.Article {
		return resource.Article{Title: "Returns", Content: body + "\n", Language: lang, Tags: []string{}, Enabled: true}
	}
	tests := []struct {
		spec resource.Article
		want string // first commit, "" when never committed
	}{
		{at("Version 1.", "de"), c1},
		{at("Version 2.", "de"), c2},
		{at("Version 2.", "en"), c3},
		{at("Version 1.", "en"), ""}, // no commit held version 1 with English as default
	}
	for _, tt := range tests {
		got, _, ok := b.Commit("acme", tt.spec)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Commit(%q, %s) = %.7s, %v; want %.7s", tt.spec.Content, tt.spec.Language, got, ok, tt.want)
		}
	}
	if n := b.Len(); n != 4 {
		t.Errorf("Len = %d, want 4 (3 articles, 1 bot rule)", n)
	}
}

// TestLoadLanguageWithoutConfig: commits without octosync.yaml use
// Options.DefaultLanguage (a configuration that was never committed), else
// config's default, "en".
func TestLoadLanguageWithoutConfig(t *testing.T) {
	f := newRepoFixture(t, "")
	f.commit("no config", change{folder: articles, name: "returns.md", data: []byte("---\ntitle: Returns\n---\nText.\n")})
	for opt, want := range map[string]string{"": "en", "fr": "fr"} {
		b, err := Load(t.Context(), f.dir, Options{DefaultLanguage: opt})
		if err != nil {
			t.Fatal(err)
		}
		spec := resource.Article{Title: "Returns", Content: "Text.\n", Language: want, Tags: []string{}, Enabled: true}
		if !b.Committed("acme", spec) {
			t.Errorf("DefaultLanguage %q: the article in %q is not a base", opt, want)
		}
	}
}

// Options.Render makes a base what a file stands for (an environment's
// rendering of its placeholders), not what it literally says.
func TestLoadRendersBases(t *testing.T) {
	f := newRepoFixture(t, "octo")
	f.commit("greet", change{folder: botRules, name: "greet", spec: botRule("Write to ${{ values.email }}.")})
	render := func(s resource.Spec) (resource.Spec, bool) {
		r := s.(resource.BotRule)
		r.Content = strings.ReplaceAll(r.Content, "${{ values.email }}", "staging@example.com")
		return r, !strings.Contains(r.Content, "unrenderable")
	}
	b, err := Load(t.Context(), f.dir, Options{DefaultLanguage: "en", Render: render})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Committed("acme", botRule("Write to staging@example.com.")) {
		t.Error("the rendered content is not a base")
	}
	if b.Committed("acme", botRule("Write to ${{ values.email }}.")) {
		t.Error("the literal file content is a base although it was rendered")
	}
}
