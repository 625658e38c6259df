package gitrepo

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStatus(t *testing.T) {
	f := newFixture(t, "octo")
	f.commit("init", map[string]string{
		"businesses/b/articles/keep.md":   "keep\n",
		"businesses/b/articles/edit.md":   "v1\n",
		"businesses/b/articles/gone.md":   "gone\n",
		"businesses/b/articles/staged.md": "s1\n",
		".gitignore":                      "*.tmp\nscratch/\n",
	})
	if err := os.WriteFile(filepath.Join(f.root, ".gitignore"), []byte("*.bak\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(f.root, ".git", "info"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.root, ".git", "info", "exclude"), []byte("*.local\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.write(map[string]string{
		"businesses/b/articles/edit.md":   "v2\n",
		"businesses/b/articles/gone.md":   "",
		"businesses/b/articles/new.md":    "new\n",
		"businesses/b/articles/staged.md": "s2\n",
		"businesses/b/articles/x.tmp":     "ignored by octo/.gitignore\n",
		"businesses/b/scratch/notes.md":   "ignored folder\n",
		"businesses/b/articles/a.md.bak":  "ignored by the root .gitignore\n",
		"businesses/b/articles/a.local":   "ignored by .git/info/exclude\n",
		"businesses/b/bot-rules/r.yaml":   "untracked in a new folder\n",
	})
	// Stage one edit the way a user would.
	if err := os.WriteFile(filepath.Join(f.root, "top.txt"), []byte("outside the octosync folder\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.git("add", "octo/businesses/b/articles/staged.md")

	got, err := f.repo.Status()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]FileStatus{
		"businesses/b/articles/edit.md":   {Unmodified, Modified},
		"businesses/b/articles/gone.md":   {Unmodified, Deleted},
		"businesses/b/articles/new.md":    {Untracked, Untracked},
		"businesses/b/articles/staged.md": {Modified, Unmodified},
		"businesses/b/bot-rules/r.yaml":   {Untracked, Untracked},
	}
	if !maps.Equal(got, want) {
		t.Errorf("Status():\n got %v\nwant %v", got, want)
	}
	// git agrees, letter for letter.
	porcelain := f.git("status", "--porcelain", "--untracked-files=all", "--", "octo")
	for p, s := range want {
		if line := s.String() + " octo/" + p + "\n"; !strings.Contains(porcelain, line) {
			t.Errorf("git status --porcelain lacks %q:\n%s", line, porcelain)
		}
	}

	only, err := f.repo.Status("businesses/b/bot-rules")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]FileStatus{"businesses/b/bot-rules/r.yaml": {Untracked, Untracked}}; !maps.Equal(only, want) {
		t.Errorf("Status(bot-rules) = %v, want %v", only, want)
	}
}

func TestStatusClean(t *testing.T) {
	f := newFixture(t, "")
	f.commit("init", map[string]string{"a.md": "a\n", "dir/b.md": "b\n"})
	got, err := f.repo.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("Status() of a clean worktree = %v, want nothing", got)
	}
}

func TestStatusNoCommits(t *testing.T) {
	f := newFixture(t, "")
	f.write(map[string]string{"a.md": "a\n"})
	got, err := f.repo.Status()
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]FileStatus{"a.md": {Untracked, Untracked}}; !maps.Equal(got, want) {
		t.Errorf("Status() before the first commit = %v, want %v", got, want)
	}
}
