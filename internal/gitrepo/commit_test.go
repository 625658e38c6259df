package gitrepo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommitOnNewBranch(t *testing.T) {
	f := newFixture(t, "octo")
	base := f.commit("init", map[string]string{"businesses/b/articles/a.md": "a\n", "businesses/b/articles/old.md": "old\n"})

	f.write(map[string]string{"businesses/b/articles/a.md": "a2\n", "businesses/b/articles/old.md": "", "businesses/b/articles/new.md": "new\n"})
	h, err := f.repo.Commit(CommitOptions{
		Paths:   []string{"businesses/b/articles/a.md", "businesses/b/articles/old.md", "businesses/b/articles/new.md"},
		Message: "Pull live changes\n\nDetails in the body.",
		Branch:  "octosync/drift",
		Author:  testAuthor,
		When:    t0.Add(5 * 3600e9),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.git("log", "-1", "--format=%an%n%ae%n%s%n%at"); got != "Ada Lovelace\nada@example.com\nPull live changes\n1767341045\n" {
		t.Errorf("git log -1 = %q", got)
	}
	f.git("fsck", "--strict")
	if got := strings.TrimSpace(f.git("rev-parse", "HEAD")); got != h {
		t.Errorf("HEAD = %s, want the new commit %s", got, h)
	}
	if got := strings.TrimSpace(f.git("rev-parse", "main")); got != base {
		t.Errorf("main moved to %s, want it left at %s", got, base)
	}
	if got := strings.TrimSpace(f.git("symbolic-ref", "--short", "HEAD")); got != "octosync/drift" {
		t.Errorf("checked-out branch = %q, want octosync/drift", got)
	}
	if got := f.git("status", "--porcelain"); got != "" {
		t.Errorf("git status --porcelain after Commit = %q, want clean", got)
	}
	if got := f.git("show", "--name-status", "--format=", "HEAD"); got != "M\tocto/businesses/b/articles/a.md\nA\tocto/businesses/b/articles/new.md\nD\tocto/businesses/b/articles/old.md\n" {
		t.Errorf("git show --name-status HEAD = %q", got)
	}

	// The branch now points past main: committing "on main" from here
	// would have to rewrite the worktree, which Commit refuses.
	f.write(map[string]string{"businesses/b/articles/a.md": "a3\n"})
	_, err = f.repo.Commit(CommitOptions{Paths: []string{"businesses/b/articles/a.md"}, Message: "x", Branch: "main", Author: testAuthor})
	if err == nil || !strings.Contains(err.Error(), `branch "main" already exists`) {
		t.Errorf("Commit on a diverged branch = %v, want a refusal", err)
	}
}

func TestCommitNothing(t *testing.T) {
	f := newFixture(t, "")
	f.commit("init", map[string]string{"a.md": "a\n"})
	_, err := f.repo.Commit(CommitOptions{Paths: []string{"a.md"}, Message: "again", Author: testAuthor, When: t0})
	if !errors.Is(err, ErrNothingToCommit) {
		t.Fatalf("Commit without changes = %v, want ErrNothingToCommit", err)
	}
	if _, err := f.repo.Commit(CommitOptions{Message: " "}); err == nil {
		t.Fatal("Commit with an empty message succeeded")
	}
}

func TestCommitAuthor(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // no global config
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	f := newFixture(t, "")
	f.write(map[string]string{"a.md": "a\n"})
	if _, err := f.repo.Commit(CommitOptions{Paths: []string{"a.md"}, Message: "default author", When: t0}); err != nil {
		t.Fatal(err)
	}
	if got := f.git("log", "-1", "--format=%an <%ae>"); got != DefaultSignature.String()+"\n" {
		t.Errorf("author without config = %q, want %q", got, DefaultSignature)
	}

	f.git("config", "user.name", "Grace Hopper")
	f.git("config", "user.email", "grace@example.com")
	f.write(map[string]string{"a.md": "b\n"})
	if _, err := f.repo.Commit(CommitOptions{Paths: []string{"a.md"}, Message: "configured author", When: t0}); err != nil {
		t.Fatal(err)
	}
	if got := f.git("log", "-1", "--format=%an <%ae>"); got != "Grace Hopper <grace@example.com>\n" {
		t.Errorf("author from repository config = %q", got)
	}

	global := filepath.Join(os.Getenv("HOME"), ".gitconfig")
	if err := os.WriteFile(global, []byte("[user]\n\tname = Global Name\n\temail = global@example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.git("config", "--unset", "user.name")
	f.git("config", "--unset", "user.email")
	f.write(map[string]string{"a.md": "c\n"})
	if _, err := f.repo.Commit(CommitOptions{Paths: []string{"a.md"}, Message: "global author", When: t0}); err != nil {
		t.Fatal(err)
	}
	if got := runGitHome(t, f.root, os.Getenv("HOME"), "log", "-1", "--format=%an <%ae>"); got != "Global Name <global@example.com>\n" {
		t.Errorf("author from ~/.gitconfig = %q", got)
	}
}

func TestCommitFailureRestoresBranch(t *testing.T) {
	f := newFixture(t, "")
	f.commit("init", map[string]string{"a.md": "a\n"})
	_, err := f.repo.Commit(CommitOptions{Paths: []string{"a.md"}, Message: "nothing changed", Branch: "octosync/drift", Author: testAuthor})
	if !errors.Is(err, ErrNothingToCommit) {
		t.Fatalf("Commit = %v, want ErrNothingToCommit", err)
	}
	if b, _ := f.repo.Branch(); b != "main" {
		t.Errorf("after a failed Commit HEAD is on %q, want main", b)
	}
	if got := f.git("branch", "--list", "octosync/drift"); got != "" {
		t.Errorf("the branch created for a failed Commit remains: %q", got)
	}
}

func TestCommitInvalidBranch(t *testing.T) {
	f := newFixture(t, "")
	f.commit("init", map[string]string{"a.md": "a\n"})
	f.write(map[string]string{"a.md": "b\n"})
	_, err := f.repo.Commit(CommitOptions{Paths: []string{"a.md"}, Message: "m", Branch: "bad name..", Author: testAuthor})
	if err == nil || !strings.Contains(err.Error(), "invalid name") {
		t.Fatalf("Commit on branch %q = %v, want an invalid-name error", "bad name..", err)
	}
}
