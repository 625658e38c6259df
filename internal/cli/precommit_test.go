package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestPreCommitHooksRunOctosync: every hook of .pre-commit-hooks.yaml is
// built with Go and names an octosync command line this CLI accepts.
func TestPreCommitHooksRunOctosync(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
		PassFilenames              *bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 || hooks[0].ID != "octosync-validate" {
		t.Fatalf("hooks: %+v", hooks)
	}
	for _, h := range hooks {
		words := strings.Fields(h.Entry)
		if h.Language != "golang" || len(words) < 2 || words[0] != "octosync" {
			t.Errorf("%s: entry %q, language %q: want an octosync command built with golang", h.ID, h.Entry, h.Language)
			continue
		}
		if h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("%s: octosync reads the whole repository: pass_filenames must be false", h.ID)
		}
		// pre-commit runs a hook when re.search(files, path) finds a staged
		// path; Go's MatchString searches the same way for this pattern.
		files := regexp.MustCompile(h.Files)
		for path, want := range map[string]bool{
			"octosync.yaml": true, "businesses/acme/articles/returns.md": true,
			"config/octosync.yaml": true, "config/businesses/acme/workflows/a.yaml": true,
			"README.md": false, "docs/octosync.yaml.md": false, "mybusinesses/x.md": false,
		} {
			if got := files.MatchString(path); got != want {
				t.Errorf("%s: files %q matches %s: %v, want %v", h.ID, h.Files, path, got, want)
			}
		}
		if code, _, stderr := runCLI(t, nil, false, append(words[1:], "--help")...); code != 0 {
			t.Errorf("%s: octosync %s --help exited %d: %s", h.ID, strings.Join(words[1:], " "), code, stderr)
		}
	}
}
