package gitrepo

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// t0 is the fixed time of the first test commit; commit i is i hours later.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

var testAuthor = &Signature{Name: "Ada Lovelace", Email: "ada@example.com"}

// fixture is a repository under construction: root is the worktree, dir the
// octosync folder inside it.
type fixture struct {
	t    *testing.T
	root string
	repo *Repo
	n    int
}

func newFixture(t *testing.T, prefix string) *fixture {
	t.Helper()
	root := t.TempDir()
	if _, err := Init(root); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, filepath.FromSlash(prefix))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	repo, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return &fixture{t: t, root: root, repo: repo}
}

// write sets files (relative to the octosync folder); "" content deletes.
func (f *fixture) write(files map[string]string) []string {
	f.t.Helper()
	var paths []string
	for p, c := range files {
		rel, err := f.repo.full(p)
		if err != nil {
			f.t.Fatal(err)
		}
		full := filepath.Join(f.root, filepath.FromSlash(rel))
		paths = append(paths, p)
		if c == "" {
			if err := os.Remove(full); err != nil {
				f.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			f.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			f.t.Fatal(err)
		}
	}
	return paths
}

// commit writes files and commits them with a fixed author and time.
func (f *fixture) commit(msg string, files map[string]string) string {
	f.t.Helper()
	paths := f.write(files)
	h, err := f.repo.Commit(CommitOptions{Paths: paths, Message: msg, Author: testAuthor, When: t0.Add(time.Duration(f.n) * time.Hour)})
	if err != nil {
		f.t.Fatal(err)
	}
	f.n++
	return h
}

// git runs the git binary in the worktree (tests only) and returns stdout.
func (f *fixture) git(args ...string) string {
	f.t.Helper()
	return runGit(f.t, f.root, args...)
}

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return runGitHome(t, dir, t.TempDir(), args...)
}

// runGitHome runs git with HOME set to home, so no user config leaks in.
func runGitHome(t *testing.T, dir, home string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git binary not available")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+home)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestOpenPrefix(t *testing.T) {
	for _, prefix := range []string{"", "example-repo", "ops/octosync"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			f := newFixture(t, prefix)
			root, _ := canonical(f.root)
			if f.repo.Root() != root {
				t.Errorf("Root() = %q, want %q", f.repo.Root(), root)
			}
			if f.repo.Prefix() != prefix {
				t.Errorf("Prefix() = %q, want %q", f.repo.Prefix(), prefix)
			}
		})
	}
}

func TestPathsOutside(t *testing.T) {
	f := newFixture(t, "octo")
	f.commit("init", map[string]string{"a.md": "a\n"})
	for _, p := range []string{"../README.md", "/etc/passwd", "a/../../x"} {
		if _, err := f.repo.ReadFileAt("HEAD", p); !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFileAt(%q) = %v, want ErrOutside", p, err)
		}
		if _, err := f.repo.Commit(CommitOptions{Paths: []string{p}, Message: "m", Branch: "new"}); !errors.Is(err, ErrOutside) {
			t.Errorf("Commit(%q) = %v, want ErrOutside", p, err)
		}
		if _, err := f.repo.Status(p); !errors.Is(err, ErrOutside) {
			t.Errorf("Status(%q) = %v, want ErrOutside", p, err)
		}
		if _, err := f.repo.Log(p); !errors.Is(err, ErrOutside) {
			t.Errorf("Log(%q) = %v, want ErrOutside", p, err)
		}
	}
	if b, _ := f.repo.Branch(); b != "main" {
		t.Errorf("a refused Commit left HEAD on %q", b)
	}
	// Paths are cleaned, not refused, when they stay inside.
	if data, err := f.repo.ReadFileAt("HEAD", "x/../a.md"); err != nil || string(data) != "a\n" {
		t.Errorf("ReadFileAt(x/../a.md) = %q, %v", data, err)
	}
}

// TestOpenLinkedWorktree opens a `git worktree add` checkout, whose .git is
// a file pointing into the main repository.
func TestOpenLinkedWorktree(t *testing.T) {
	f := newFixture(t, "")
	first := f.commit("one", map[string]string{"a.md": "1\n"})
	f.commit("two", map[string]string{"a.md": "2\n"})
	linked := filepath.Join(t.TempDir(), "linked")
	f.git("worktree", "add", "-q", "--detach", linked, first)
	r, err := Open(filepath.Join(linked))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if h, err := r.Head(); err != nil || h != first {
		t.Errorf("Head() in the linked worktree = %q, %v; want %q", h, err, first)
	}
	n := 0
	if err := r.Blobs(t.Context(), "", func(Blob) error { n++; return nil }); err != nil || n != 1 {
		t.Errorf("Blobs in the linked worktree: %d blobs, %v; want 1", n, err)
	}
	if st, err := r.Status(); err != nil || len(st) != 0 {
		t.Errorf("Status() in the linked worktree = %v, %v; want clean", st, err)
	}
}

func TestOpenNotRepository(t *testing.T) {
	_, err := Open(t.TempDir())
	if !errors.Is(err, ErrNotRepository) {
		t.Fatalf("Open(plain dir) = %v, want ErrNotRepository", err)
	}
}

func TestHead(t *testing.T) {
	f := newFixture(t, "")
	if _, err := f.repo.Head(); !errors.Is(err, ErrNoCommits) {
		t.Fatalf("Head() on a new repository = %v, want ErrNoCommits", err)
	}
	h := f.commit("first", map[string]string{"a.txt": "a\n"})
	got, err := f.repo.Head()
	if err != nil || got != h {
		t.Fatalf("Head() = %q, %v; want %q", got, err, h)
	}
	if want := strings.TrimSpace(f.git("rev-parse", "HEAD")); got != want {
		t.Errorf("Head() = %q, git rev-parse HEAD = %q", got, want)
	}
	if b, err := f.repo.Branch(); err != nil || b != "main" {
		t.Errorf("Branch() = %q, %v; want main", b, err)
	}
}

func TestIsShallow(t *testing.T) {
	f := newFixture(t, "")
	f.commit("one", map[string]string{"a.txt": "1\n"})
	f.commit("two", map[string]string{"a.txt": "2\n"})
	if s, err := f.repo.IsShallow(); err != nil || s {
		t.Fatalf("IsShallow() on a full repository = %v, %v", s, err)
	}
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, f.root, "clone", "-q", "--depth", "1", "file://"+f.root, clone)
	r, err := Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if s, err := r.IsShallow(); err != nil || !s {
		t.Fatalf("IsShallow() on a --depth 1 clone = %v, %v; want true", s, err)
	}
	// The walk still works as far as the history goes.
	n := 0
	if err := r.Blobs(t.Context(), "", func(Blob) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("Blobs on a depth-1 clone saw %d blobs, want 1", n)
	}
}

// TestOpenIfAnyOutsideGit: outside any repository OpenIfAny answers nil
// and no error; inside one it opens it.
func TestOpenIfAnyOutsideGit(t *testing.T) {
	g, err := OpenIfAny(t.TempDir())
	if err != nil || g != nil {
		t.Fatalf("OpenIfAny outside git = %v, %v; want nil, nil", g, err)
	}
	f := newFixture(t, "")
	g, err = OpenIfAny(f.root)
	if err != nil || g == nil {
		t.Fatalf("OpenIfAny inside a repository = %v, %v; want it opened", g, err)
	}
	g.Close()
}

// TestShortHashHasOneLength: every abbreviated hash has ShortLen digits;
// a shorter string is kept whole.
func TestShortHashHasOneLength(t *testing.T) {
	full := "0123456789abcdef0123456789abcdef01234567"
	if got := ShortHash(full); got != full[:ShortLen] || ShortLen != 7 {
		t.Errorf("ShortHash(%s) = %s, want %s", full, got, full[:7])
	}
	if got := (Commit{Hash: full}).Short(); got != ShortHash(full) {
		t.Errorf("Commit.Short = %s, want ShortHash's %s", got, ShortHash(full))
	}
	if got := ShortHash("abc"); got != "abc" {
		t.Errorf("ShortHash(abc) = %s", got)
	}
}
