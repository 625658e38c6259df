package cli

import (
	"os"
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
		ID, Entry, Language string
		PassFilenames       *bool `yaml:"pass_filenames"`
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
		if code, _, stderr := runCLI(t, nil, false, append(words[1:], "--help")...); code != 0 {
			t.Errorf("%s: octosync %s --help exited %d: %s", h.ID, strings.Join(words[1:], " "), code, stderr)
		}
	}
}
