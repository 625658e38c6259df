package gitrepo

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5"
)

// statusBenchRepo is a monorepo of 10,000 files with a 500-file octosync
// folder in it, committed with the git binary, and one edited file inside.
func statusBenchRepo(b *testing.B) string {
	b.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git binary not available")
	}
	root := b.TempDir()
	write := func(rel, data string) {
		full := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 9500 {
		write(fmt.Sprintf("services/svc-%02d/src/file-%04d.go", i%50, i), fmt.Sprintf("package svc\n\n// %d\n", i))
	}
	for i := range 500 {
		write(fmt.Sprintf("octo/businesses/shop/articles/a-%03d.md", i), fmt.Sprintf("---\ntitle: A %d\n---\nBody.\n", i))
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+root, "GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@b", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@b")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "init")
	write("octo/businesses/shop/articles/a-007.md", "---\ntitle: A 7 edited\n---\nBody.\n")
	return root
}

// BenchmarkStatus compares Status, which compares only the octosync
// folder, with go-git's Worktree.Status over the whole monorepo.
func BenchmarkStatus(b *testing.B) {
	root := statusBenchRepo(b)
	b.Run("octosync-folder", func(b *testing.B) {
		r, err := Open(filepath.Join(root, "octo"))
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		for b.Loop() {
			st, err := r.Status()
			if err != nil || len(st) != 1 {
				b.Fatalf("Status() = %v, %v; want one modified file", st, err)
			}
		}
	})
	b.Run("go-git-worktree", func(b *testing.B) {
		repo, err := git.PlainOpen(root)
		if err != nil {
			b.Fatal(err)
		}
		wt, err := repo.Worktree()
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			st, err := wt.Status()
			if err != nil || len(st) != 1 {
				b.Fatalf("Worktree.Status() = %v, %v; want one modified file", st, err)
			}
		}
	})
}
