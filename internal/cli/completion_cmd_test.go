package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// complete runs octosync as the shell does for completion: COMP_LINE set,
// the candidates on stdout, one per line.
func completeLine(t *testing.T, dir, line string) []string {
	t.Helper()
	t.Setenv("COMP_LINE", line)
	t.Setenv("COMP_POINT", "")
	t.Chdir(dir)
	var out, errb bytes.Buffer
	env := &Env{Ctx: context.Background(), Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: os.Getenv}
	if code := Run(env, nil); code != ExitOK {
		t.Fatalf("%q: exit %d\n%s", line, code, errb.String())
	}
	return strings.Fields(out.String())
}

func TestCompletion(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"octosync.yaml": "version: 1\n",
		"businesses/acme-eu/articles/return-policy.md": "---\ntitle: Returns\n---\nBody.\n",
		"businesses/acme-us/bot-rules/greet.yaml":      "title: Greet\ncontent: Hi.\n",
	})
	for _, tt := range []struct{ line, want string }{
		{"octosync pl", "plan"},
		{"octosync plan --bus", "--business"},
		{"octosync plan --business ", "acme-eu acme-us"},
		{"octosync pull --kind ", "article bot-rule workflow"},
		{"octosync plan businesses/acme-eu/articles/", "businesses/acme-eu/articles/return-policy.md"},
		{"octosync completion ", "bash fish zsh"},
	} {
		got := completeLine(t, dir, tt.line)
		for _, w := range strings.Fields(tt.want) {
			if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ") {
				t.Errorf("%q completes to %q, want %s among them", tt.line, got, w)
			}
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{"bash": "complete -o default -C", "zsh": "bashcompinit", "fish": "complete -f -c octosync"} {
		code, stdout, stderr := runCLI(t, nil, true, "completion", shell)
		if code != ExitOK || !strings.Contains(stdout, want) {
			t.Errorf("completion %s: exit %d\n%s%s", shell, code, stdout, stderr)
		}
	}
}
