package gitrepo

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestMaterializeWritesTheOctosyncDirectoryAtACommit(t *testing.T) {
	f := newFixture(t, "octo")
	first := f.commit("first", map[string]string{"octosync.yaml": "version: 1\n", "businesses/b/articles/a.md": "one\n"})
	f.commit("second", map[string]string{"businesses/b/articles/a.md": "two\n", "businesses/b/articles/new.md": "new\n"})

	dst := t.TempDir()
	got, err := f.repo.Materialize(first, dst, MaterializeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"businesses/b/articles/a.md", "octosync.yaml"}; !slices.Equal(got, want) {
		t.Fatalf("written %v, want %v", got, want)
	}
	data, err := os.ReadFile(filepath.Join(dst, "businesses", "b", "articles", "a.md"))
	if err != nil || string(data) != "one\n" {
		t.Fatalf("a.md = %q, %v; want the first commit's content", data, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "businesses", "b", "articles", "new.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("new.md exists in the first commit's tree: %v", err)
	}

	if _, err := f.repo.Materialize("HEAD", t.TempDir(), MaterializeOptions{MaxFiles: 2}); err == nil {
		t.Error("MaxFiles 2 accepted a tree of 3 files")
	}
}

func TestCommitAt(t *testing.T) {
	f := newFixture(t, "octo")
	first := f.commit("first line\n\nbody", map[string]string{"a.md": "one\n"})
	c, err := f.repo.CommitAt(first[:7])
	if err != nil || c.Hash != first || c.Subject() != "first line" {
		t.Fatalf("CommitAt = %+v, %v", c, err)
	}
	if _, err := f.repo.CommitAt("nope"); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("CommitAt(nope) error = %v, want ErrUnknownRevision", err)
	}
	blob := f.git("rev-parse", "HEAD:octo/a.md")
	if _, err := f.repo.CommitAt(blob); !errors.Is(err, ErrNotCommit) && !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("CommitAt(blob) error = %v, want ErrNotCommit", err)
	}
}

// TestMaterializeKeepsLinksAsLinks: a symbolic link of the commit is
// written as a link, so that loading the copy sees what a checkout holds,
// and it is never listed among the files read back.
func TestMaterializeKeepsLinksAsLinks(t *testing.T) {
	f := newFixture(t, "")
	f.write(map[string]string{"octosync.yaml": "version: 1\n", "elsewhere/r.yaml": "title: R\n"})
	if err := os.MkdirAll(filepath.Join(f.root, "businesses", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../elsewhere", filepath.Join(f.root, "businesses", "b", "bot-rules")); err != nil {
		t.Fatal(err)
	}
	f.git("add", "-A")
	f.git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "linked folder")
	dst := t.TempDir()
	got, err := f.repo.Materialize("HEAD", dst, MaterializeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(got, "businesses/b/bot-rules") {
		t.Errorf("the link is listed among the files: %v", got)
	}
	fi, err := os.Lstat(filepath.Join(dst, "businesses", "b", "bot-rules"))
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("businesses/b/bot-rules: %v, %v; want a symbolic link", fi, err)
	}
	if target, _ := os.Readlink(filepath.Join(dst, "businesses", "b", "bot-rules")); target != "../../elsewhere" {
		t.Errorf("link target %q", target)
	}
}
