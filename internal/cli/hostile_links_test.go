package cli

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot lists every file under dir with its content (links as
// "-> target"), to show that nothing there changed.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "-> " + target
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(data)
		}
		return nil
	})
	must(t, err)
	return out
}

// plantedClone builds a repository with the given links committed, pushes
// it through `git clone` as a user would get it, and returns the clone.
// Links are relative, as a repository can carry them: target paths start
// from the link's folder.
func plantedClone(t *testing.T, files map[string]string, links map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	base := t.TempDir()
	src := filepath.Join(base, "src")
	writeFiles(t, src, files)
	for at, target := range links {
		p := filepath.Join(src, filepath.FromSlash(at))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	git := func(dir string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+base)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git(src, "init", "-q", "-b", "main")
	git(src, "add", "-A")
	git(src, "commit", "-q", "-m", "Planted links")
	git(base, "clone", "-q", "src", "clone")
	return filepath.Join(base, "clone")
}

// TestPlantedLinksAreNeverWrittenThrough: a cloned repository whose
// .octosync/ (or a file in it) or businesses/ is a symbolic link to a
// folder outside the repository: `plan --sandbox` and `pull --sandbox`
// refuse, and not one file outside the repository is created or changed.
func TestPlantedLinksAreNeverWrittenThrough(t *testing.T) {
	article := "---\ntitle: Returns\n---\nText.\n"
	tests := []struct {
		name    string
		links   map[string]string // in the repository → relative target
		args    []string
		wantErr string
	}{
		{"linked .octosync", map[string]string{".octosync": "../../outside"}, []string{"plan", "--sandbox"}, ".octosync is a symbolic link"},
		{"linked lock file", map[string]string{".octosync/sandbox.json.lock": "../../../outside/victim"}, []string{"plan", "--sandbox"}, ".octosync/sandbox.json.lock is a symbolic link"},
		{"linked state file", map[string]string{".octosync/sandbox.json": "../../../outside/victim"}, []string{"plan", "--sandbox"}, ".octosync/sandbox.json is a symbolic link"},
		{"linked .gitignore", map[string]string{".octosync/.gitignore": "../../../outside/victim"}, []string{"plan", "--sandbox"}, ".octosync/.gitignore is a symbolic link"},
		{"linked businesses, pull", map[string]string{"businesses": "../../outside/businesses"}, []string{"pull", "--sandbox"}, "`businesses` is a symbolic link"},
		{"linked businesses, validate", map[string]string{"businesses": "../../outside/businesses"}, []string{"validate"}, "`businesses` is a symbolic link"},
		{"linked reset", map[string]string{".octosync": "../../outside"}, []string{"sandbox", "reset"}, ".octosync is a symbolic link"},
		{"linked .octosync, init", map[string]string{".octosync": "../../outside"}, []string{"init"}, ".octosync is a symbolic link"},
		{"linked .vscode, init", map[string]string{".vscode": "../../outside"}, []string{"init"}, ".vscode is a symbolic link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"octosync.yaml": "version: 1\n"}
			if _, linked := tt.links["businesses"]; !linked {
				files["businesses/demo/articles/returns.md"] = article
			}
			clone := plantedClone(t, files, tt.links)
			outside := filepath.Join(filepath.Dir(filepath.Dir(clone)), "outside")
			// The links' targets: a folder with a victim file, the sandbox's
			// names in it, and a business folder a pull would rewrite.
			writeFiles(t, outside, map[string]string{
				"victim":                              "precious\n",
				"sandbox.json":                        "not the sandbox's\n",
				"businesses/demo/articles/returns.md": "---\ntitle: Returns\n---\nOutside text.\n",
			})
			before := snapshot(t, outside)

			code, stdout, stderr := runCLI(t, nil, false, append(tt.args, "--dir", clone)...)
			if code != ExitError {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, ExitError, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.wantErr) {
				t.Errorf("output lacks %q:\nstdout: %s\nstderr: %s", tt.wantErr, stdout, stderr)
			}
			after := snapshot(t, outside)
			for p, data := range after {
				if before[p] != data {
					t.Errorf("outside %s was written: %q", p, data)
				}
			}
			for p := range before {
				if _, ok := after[p]; !ok {
					t.Errorf("outside %s was removed", p)
				}
			}
		})
	}
}
