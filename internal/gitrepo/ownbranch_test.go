package gitrepo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testTrailer = "Octosync-Pull: drift"

// ownCommit commits files on the own branch the way the nightly pull does:
// reset to HEAD if needed, commit with the trailer, return to main.
func ownCommit(t *testing.T, f *fixture, files map[string]string) (string, error) {
	t.Helper()
	paths := f.write(files)
	return f.repo.Commit(CommitOptions{Paths: paths, Message: "octosync: import drift", Branch: "octosync/drift",
		Author: testAuthor, When: t0, Own: testTrailer, Return: true})
}

func TestOwnBranchIsResetAndCheckoutReturns(t *testing.T) {
	f := newFixture(t, "")
	base := f.commit("init", map[string]string{"a.md": "a\n", "gone.md": "gone\n"})
	f.write(map[string]string{"mine.md": "untracked work of the user\n"})

	h1, err := ownCommit(t, f, map[string]string{"a.md": "a live\n", "gone.md": "", "new.md": "new\n"})
	if err != nil {
		t.Fatal(err)
	}
	// Back on main, the files as main has them, the user's file untouched.
	if got := strings.TrimSpace(f.git("symbolic-ref", "--short", "HEAD")); got != "main" {
		t.Errorf("HEAD on %q after the commit, want main", got)
	}
	if got := f.git("status", "--porcelain"); got != "?? mine.md\n" {
		t.Errorf("git status after returning = %q", got)
	}
	if got := f.git("show", "octosync/drift:a.md"); got != "a live\n" {
		t.Errorf("the branch holds a.md = %q", got)
	}
	if msg := f.git("log", "-1", "--format=%B", "octosync/drift"); !strings.Contains(msg, testTrailer) {
		t.Errorf("commit message without the trailer:\n%s", msg)
	}

	// Main moves on; the next night resets the branch onto it.
	next := f.commit("main moves", map[string]string{"b.md": "b\n"})
	h2, err := ownCommit(t, f, map[string]string{"a.md": "a live again\n"})
	if err != nil {
		t.Fatalf("second night: %v", err)
	}
	if parent := strings.TrimSpace(f.git("rev-parse", h2+"^")); parent != next {
		t.Errorf("second commit's parent = %s, want main %s (not the first night's %s, base %s)", parent, next, h1, base)
	}
	f.git("fsck", "--strict")
}

func TestOwnBranchWithSomeoneElsesCommitIsRefused(t *testing.T) {
	f := newFixture(t, "")
	f.commit("init", map[string]string{"a.md": "a\n"})
	if _, err := ownCommit(t, f, map[string]string{"a.md": "a live\n"}); err != nil {
		t.Fatal(err)
	}
	// Someone adds a commit of their own to the drift branch.
	f.git("checkout", "-q", "octosync/drift")
	if err := os.WriteFile(filepath.Join(f.root, "fix.md"), []byte("fix\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.git("add", "fix.md")
	f.git("-c", "user.name=Bob", "-c", "user.email=bob@example.com", "commit", "-q", "-m", "Fix a typo")
	theirs := strings.TrimSpace(f.git("rev-parse", "HEAD"))
	f.git("checkout", "-q", "main")

	var fe *ForeignCommitError
	if err := f.repo.CheckOwnBranch("octosync/drift", testTrailer, ""); !errors.As(err, &fe) || fe.Commit.Author.Name != "Bob" {
		t.Fatalf("CheckOwnBranch = %v, want a ForeignCommitError naming Bob", err)
	}
	if _, err := ownCommit(t, f, map[string]string{"a.md": "a live again\n"}); !errors.As(err, &fe) {
		t.Fatalf("Commit = %v, want a ForeignCommitError", err)
	}
	if got := strings.TrimSpace(f.git("rev-parse", "octosync/drift")); got != theirs {
		t.Error("the branch with someone else's commit was moved")
	}
	if got := strings.TrimSpace(f.git("symbolic-ref", "--short", "HEAD")); got != "main" {
		t.Errorf("HEAD on %q after a refusal", got)
	}
}

func TestPushReplacesOwnBranchWithLease(t *testing.T) {
	f := newFixture(t, "")
	f.commit("init", map[string]string{"a.md": "a\n"})
	origin := t.TempDir()
	runGit(t, origin, "init", "-q", "--bare", "-b", "main")
	f.git("remote", "add", "origin", origin)
	f.git("push", "-q", "origin", "main")

	ctx := context.Background()
	if _, err := ownCommit(t, f, map[string]string{"a.md": "night 1\n"}); err != nil {
		t.Fatal(err)
	}
	if err := f.repo.Push(ctx, PushOptions{Remote: "origin", Branch: "octosync/drift", Replace: true}); err != nil {
		t.Fatalf("first push: %v", err)
	}
	h2, err := ownCommit(t, f, map[string]string{"a.md": "night 2\n"})
	if err != nil {
		t.Fatal(err)
	}
	// Night 2's commit does not descend from night 1's: only a push with
	// lease replaces it.
	if err := f.repo.Push(ctx, PushOptions{Remote: "origin", Branch: "octosync/drift"}); err == nil {
		t.Error("a plain push replaced the remote branch")
	}
	if err := f.repo.Push(ctx, PushOptions{Remote: "origin", Branch: "octosync/drift", Replace: true}); err != nil {
		t.Fatalf("second push: %v", err)
	}
	if got := strings.TrimSpace(runGit(t, origin, "rev-parse", "octosync/drift")); got != h2 {
		t.Errorf("origin's octosync/drift = %s, want %s", got, h2)
	}
	// Someone pushed since our last fetch: the lease refuses.
	runGit(t, origin, "update-ref", "refs/heads/octosync/drift", strings.TrimSpace(f.git("rev-parse", "main")))
	if _, err := ownCommit(t, f, map[string]string{"a.md": "night 3\n"}); err != nil {
		t.Fatal(err)
	}
	if err := f.repo.Push(ctx, PushOptions{Remote: "origin", Branch: "octosync/drift", Replace: true}); err == nil {
		t.Error("the push replaced a remote branch that moved since the last fetch")
	}
}
