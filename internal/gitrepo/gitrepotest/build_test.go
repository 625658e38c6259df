package gitrepotest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestBuildReadByGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git binary not available")
	}
	for _, pack := range []bool{false, true} {
		t.Run(fmt.Sprintf("pack=%v", pack), func(t *testing.T) { testBuild(t, Options{Pack: pack}) })
	}
}

func testBuild(t *testing.T, opts Options) {
	dir := t.TempDir()
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	shas, err := Build(dir, []Commit{
		{Files: map[string][]byte{"a/b/c.txt": []byte("c\n"), "top.txt": []byte("t\n"), "a.txt": []byte("sorts before a/\n")}, Message: "one\n", When: when},
		{Files: map[string][]byte{"a/b/c.txt": nil}, Message: "two\n", When: when.Add(time.Hour)},
	}, opts)
	if err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("fsck", "--strict")
	if got := git("log", "--format=%H %s"); got != shas[1]+" two\n"+shas[0]+" one\n" {
		t.Errorf("git log = %q", got)
	}
	if got := git("ls-tree", "-r", "--name-only", "HEAD"); got != "a.txt\ntop.txt\n" {
		t.Errorf("HEAD tree = %q, want the emptied folder gone", got)
	}
	if got := git("ls-tree", "-r", "--name-only", "HEAD~1"); !strings.Contains(got, "a/b/c.txt") {
		t.Errorf("HEAD~1 tree = %q, want a/b/c.txt", got)
	}
	loose := !strings.HasPrefix(git("count-objects", "-v"), "count: 0\n")
	if loose == opts.Pack {
		t.Errorf("git count-objects -v: loose objects present = %v with Pack = %v", loose, opts.Pack)
	}
}
