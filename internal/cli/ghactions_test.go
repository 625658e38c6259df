package cli

import (
	"strings"
	"testing"
)

// workflowCommandLines are the lines of out that the GitHub Actions runner
// would execute: a first non-blank "::", or "##[" anywhere.
func workflowCommandLines(out string) []string {
	var cmds []string
	for _, l := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.HasPrefix(strings.TrimSpace(l), "::") || strings.Contains(l, "##[") {
			cmds = append(cmds, l)
		}
	}
	return cmds
}

// TestGitHubActionsOutputPassesTheCommandFilter: under GITHUB_ACTIONS=true
// every command's output goes through the workflow-command filter, so
// repository text (validate's diagnostics) and command-line text (a parse
// error) execute nothing, while octosync's own annotations still do.
func TestGitHubActionsOutputPassesTheCommandFilter(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"octosync.yaml":                 "version: 1\n\"##[add-mask]x\": 1\n",
		"businesses/acme/articles/a.md": "---\ntitle: \"::error::forged\"\nlanguage: en\n\"::warning::bogus\": 1\n---\nbody\n",
	})
	actions := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir}
	code, stdout, stderr := runCLI(t, actions, true, "validate", "--dir", dir)
	if code != ExitError {
		t.Fatalf("validate exited %d:\n%s%s", code, stdout, stderr)
	}
	var own int
	for _, c := range workflowCommandLines(stdout + stderr) {
		if !strings.HasPrefix(c, "::error file=") {
			t.Errorf("the runner would execute %q", c)
		}
		own++
	}
	if own != 2 {
		t.Errorf("%d annotations, want validate's 2:\n%s", own, stdout)
	}
	_, stdout, stderr = runCLI(t, actions, true, "##[add-mask]secret")
	if c := workflowCommandLines(stdout + stderr); len(c) != 0 || !strings.Contains(stderr, "add-mask") {
		t.Errorf("a parse error executes %q:\n%s", c, stderr)
	}
	// Outside GitHub Actions nothing is rewritten.
	_, _, stderr = runCLI(t, nil, true, "##[add-mask]secret")
	if len(workflowCommandLines(stderr)) != 1 {
		t.Errorf("outside GitHub Actions the text changed:\n%q", stderr)
	}
}
