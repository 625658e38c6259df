package source

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var sampleTree = map[string]string{
	"octosync.yaml":                          "version: 1\ndefaults:\n  language: de\n",
	"README.md":                              "not read",
	"businesses/zeta/bot-rules/b.yaml":       "title: Beta rule\ncontent: B.\n",
	"businesses/zeta/bot-rules/a.yml":        "id: rule_1\ntitle: alpha rule\ncontent: A.\nenabled: false\n",
	"businesses/acme/articles/returns.md":    "---\ntitle: Return policy\n---\nText.\n",
	"businesses/acme/workflows/damaged.yaml": "title: Damaged\ntrigger: t\ninstructions: i\nconditionProvider: {file: damaged.py}\n",
	"businesses/acme/workflows/damaged.py":   "def evaluate_conditions(context):\n    return {}\n",
	"businesses/acme/.DS_Store":              "x",
	"businesses/.hidden/articles/x.md":       "not read",
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, sampleTree)
	repo, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Diags) != 0 {
		t.Fatalf("unexpected diagnostics:\n%v", repo.Diags)
	}
	if !filepath.IsAbs(repo.Root) {
		t.Errorf("Root %q is not absolute", repo.Root)
	}
	if want := []string{"acme", "zeta"}; !reflect.DeepEqual(repo.Businesses, want) {
		t.Errorf("Businesses = %v, want %v", repo.Businesses, want)
	}
	wantFiles := []string{
		"businesses/acme/articles/returns.md",
		"businesses/acme/workflows/damaged.py",
		"businesses/acme/workflows/damaged.yaml",
		"businesses/zeta/bot-rules/a.yml",
		"businesses/zeta/bot-rules/b.yaml",
		"octosync.yaml",
	}
	if !reflect.DeepEqual(repo.Files, wantFiles) {
		t.Errorf("Files = %v, want %v", repo.Files, wantFiles)
	}
	var paths []string
	for _, d := range repo.Documents {
		paths = append(paths, d.Path)
	}
	wantDocs := []string{
		"businesses/acme/articles/returns.md",
		"businesses/acme/workflows/damaged.yaml",
		"businesses/zeta/bot-rules/a.yml",
		"businesses/zeta/bot-rules/b.yaml",
	}
	if !reflect.DeepEqual(paths, wantDocs) {
		t.Errorf("Documents = %v, want %v", paths, wantDocs)
	}
	var keys []string
	for _, r := range repo.Resources {
		keys = append(keys, r.Key().String()+" "+r.ID+" "+r.Path)
	}
	wantKeys := []string{
		`acme/article/"Return policy"  businesses/acme/articles/returns.md`,
		`acme/workflow/"Damaged"  businesses/acme/workflows/damaged.yaml`,
		`zeta/bot-rule/"alpha rule" rule_1 businesses/zeta/bot-rules/a.yml`,
		`zeta/bot-rule/"Beta rule"  businesses/zeta/bot-rules/b.yaml`,
	}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("Resources =\n%s\nwant\n%s", strings.Join(keys, "\n"), strings.Join(wantKeys, "\n"))
	}
	a, ok := repo.Resources[0].Spec.(resource.Article)
	if !ok || a.Language != "de" {
		t.Errorf("article spec = %#v, want language de from octosync.yaml", repo.Resources[0].Spec)
	}
	if d := repo.Document("businesses/acme/workflows/damaged.yaml"); d == nil || d.ProviderPath != "businesses/acme/workflows/damaged.py" {
		t.Errorf("Document(damaged.yaml) = %+v", d)
	}
	if d := repo.Document("businesses/acme/workflows/damaged.py"); d != nil {
		t.Errorf("Document(damaged.py) = %+v, want nil", d)
	}
}

// TestLoadDeterministic loads one tree with different parallelism and
// expects identical results.
func TestLoadDeterministic(t *testing.T) {
	dir := t.TempDir()
	tree := map[string]string{}
	for i := range 60 {
		name := string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		tree["businesses/b"+string(rune('a'+i%3))+"/bot-rules/"+name+".yaml"] = "title: Rule " + name + "\ncontent: C.\n"
		tree["businesses/b"+string(rune('a'+i%3))+"/articles/"+name+".md"] = "---\ntitle: broken\n"
	}
	writeTree(t, dir, tree)
	first, err := Load(dir, LoadOptions{Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 7, 0} {
		again, err := Load(dir, LoadOptions{Parallelism: n})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first.Resources, again.Resources) || !reflect.DeepEqual(first.Diags, again.Diags) || !reflect.DeepEqual(first.Files, again.Files) {
			t.Fatalf("Load with parallelism %d differs from parallelism 1", n)
		}
	}
	if len(first.Diags) != 60 {
		t.Errorf("got %d diagnostics, want one per broken article (60)", len(first.Diags))
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing"), LoadOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want ErrNotExist", err)
	}
	f := filepath.Join(t.TempDir(), "file")
	writeTree(t, filepath.Dir(f), map[string]string{"file": "x"})
	if _, err := Load(f, LoadOptions{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Load(file) = %v, want not a directory", err)
	}
}

func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	writeTree(t, outside, map[string]string{
		"rule.yaml":   "title: Outside\ncontent: C.\n",
		"provider.py": "def evaluate_conditions(context):\n    return {}\n",
	})
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"octosync.yaml":                    "version: 1\n",
		"shared/tone.yaml":                 "title: Tone\ncontent: Be warm.\n",
		"businesses/acme/bot-rules/x.yaml": "title: X\ncontent: C.\n",
		"businesses/acme/workflows/w.yaml": "title: W\ntrigger: t\ninstructions: i\nconditionProvider: {file: w.py}\n",
		"businesses/acme/workflows/v.yaml": "title: V\ntrigger: t\ninstructions: i\nconditionProvider: {file: v.py}\n",
		"shared/v.py":                      "def evaluate_conditions(context):\n    return {}\n",
		"shared/chart.png":                 "PNG",
		"businesses/acme/articles/a.md":    "---\ntitle: A\n---\n![Chart](chart.png)\n",
	})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("symlinks unsupported: %v", err)
		}
	}
	link(filepath.Join(dir, "shared", "tone.yaml"), "businesses/acme/bot-rules/tone.yaml")
	link(filepath.Join(outside, "rule.yaml"), "businesses/acme/bot-rules/outside.yaml")
	link(filepath.Join(dir, "missing.yaml"), "businesses/acme/bot-rules/broken.yaml")
	link(filepath.Join(dir, "shared"), "businesses/acme/bot-rules/folder")
	link(filepath.Join(outside, "provider.py"), "businesses/acme/workflows/w.py")
	link(filepath.Join(dir, "shared", "v.py"), "businesses/acme/workflows/v.py")
	link(filepath.Join(dir, "shared", "chart.png"), "businesses/acme/articles/chart.png")

	repo, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range repo.Diags {
		got = append(got, d.String())
	}
	// Links to files inside the repository are refused too, as resource
	// and provider files: git history (drift detection) holds the link,
	// not the content, so such a file would never have a base. A linked
	// asset is fine.
	want := []string{
		"businesses/acme/bot-rules/broken.yaml: error: `broken.yaml` is a broken symbolic link: remove it, or point it at a file inside the repository",
		"businesses/acme/bot-rules/folder: error: `folder` is a symbolic link to a folder, which octosync does not follow: replace it with a real folder",
		"businesses/acme/bot-rules/outside.yaml: error: `outside.yaml` is a symbolic link to outside the repository, which octosync does not follow: replace it with a copy of the file",
		"businesses/acme/bot-rules/tone.yaml: error: " + linkMessage("tone.yaml"),
		"businesses/acme/workflows/v.py: error: " + linkMessage("v.py"),
		"businesses/acme/workflows/w.py: error: `w.py` is a symbolic link to outside the repository, which octosync does not follow: replace it with a copy of the file",
	}
	// The workflow also gets the document's "cannot be read" diagnostic
	// for its provider; only the source diagnostics are pinned here.
	var mine []string
	for _, g := range got {
		if !strings.HasPrefix(g, "businesses/acme/workflows/w.yaml") {
			mine = append(mine, g)
		}
	}
	if !reflect.DeepEqual(mine, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if repo.Document("businesses/acme/bot-rules/tone.yaml") != nil {
		t.Error("a link to a resource file inside the repository was read")
	}
	if !slices.Contains(repo.Files, "businesses/acme/articles/chart.png") {
		t.Error("a linked asset is missing from Files")
	}
	if repo.Document("businesses/acme/bot-rules/outside.yaml") != nil {
		t.Error("a link to outside the repository was read")
	}
	if w := repo.Document("businesses/acme/workflows/w.yaml"); w == nil || w.Spec.(resource.Workflow).ConditionProvider != nil {
		t.Error("a provider linked from outside the repository was read")
	}
}

// TestConfigSymlink: history reads each commit's octosync.yaml from git,
// where a link holds no configuration, so a linked one is refused.
func TestConfigSymlink(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"shared/octosync.yaml":             "version: 1\n",
		"businesses/acme/bot-rules/x.yaml": "title: X\ncontent: C.\n",
	})
	if err := os.Symlink(filepath.Join("shared", "octosync.yaml"), filepath.Join(dir, "octosync.yaml")); err != nil {
		t.Skipf("symlinks unsupported: %v", err)
	}
	repo, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Diags) != 1 || repo.Diags[0].Path != "octosync.yaml" || !strings.Contains(repo.Diags[0].Message, "symbolic link") {
		t.Errorf("diagnostics = %v, want one error about the linked octosync.yaml", repo.Diags)
	}
}

// TestBusinessesSymlink: a businesses/ that is a link (to outside the
// repository or not) is refused, not read: pull would write through it.
func TestBusinessesSymlink(t *testing.T) {
	for name, target := range map[string]string{"outside": "", "inside": "real"} {
		t.Run(name, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			writeTree(t, dir, map[string]string{"octosync.yaml": "version: 1\n"})
			to := outside
			if target != "" {
				to = filepath.Join(dir, target)
			}
			writeTree(t, to, map[string]string{"acme/bot-rules/x.yaml": "title: X\ncontent: C.\n"})
			if err := os.Symlink(to, filepath.Join(dir, BusinessesDir)); err != nil {
				t.Skipf("symlinks unsupported: %v", err)
			}
			repo, err := Load(dir, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(repo.Diags) != 1 || repo.Diags[0].Path != BusinessesDir || !strings.Contains(repo.Diags[0].Message, "`businesses` is a symbolic link") || len(repo.Resources) != 0 {
				t.Errorf("diagnostics = %v, resources %d; want one error about the linked businesses/ and nothing read", repo.Diags, len(repo.Resources))
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "repo")
	writeTree(t, parent, map[string]string{"secret.txt": "s", "repo/a.txt": "a"})
	l := &loader{root: dir, realRoot: dir}
	if data, err := l.ReadFile("a.txt"); err != nil || string(data) != "a" {
		t.Errorf("ReadFile(a.txt) = %q, %v", data, err)
	}
	for _, p := range []string{"../secret.txt", "/etc/passwd", "x/../../secret.txt", ""} {
		if _, err := l.ReadFile(p); !errors.Is(err, ErrOutsideRepository) {
			t.Errorf("ReadFile(%q) = %v, want ErrOutsideRepository", p, err)
		}
	}
	if _, err := l.ReadFile("missing.txt"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile(missing) = %v, want ErrNotExist", err)
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		root, p string
		want    bool
	}{
		{"/r", "/r", true},
		{"/r", "/r/a/b", true},
		{"/r", "/r/..a", true},
		{"/r", "/", false},
		{"/r", "/rx/a", false},
		{"/r", "/other", false},
	}
	for _, tt := range tests {
		if got := within(tt.root, tt.p); got != tt.want {
			t.Errorf("within(%q, %q) = %v, want %v", tt.root, tt.p, got, tt.want)
		}
	}
}

func TestLoadRefusesHugeFilesUnread(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"octosync.yaml": "version: 1\n"})
	p := filepath.Join(dir, "businesses", "acme", "workflows", "huge.yaml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: its size is what counts, nothing is written or read.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	repo, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Diags) != 1 || !strings.Contains(repo.Diags[0].String(), "huge.yaml: error: the file is 16.0 MiB, more than the 16 MiB octosync reads") {
		t.Errorf("diagnostics: %v", repo.Diags)
	}
}
