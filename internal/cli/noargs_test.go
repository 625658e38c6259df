package cli

import (
	"strings"
	"testing"
)

// TestNoArgumentsPrintsHelp: `octosync` alone prints the help with the
// commands and exits 0, like --help.
func TestNoArgumentsPrintsHelp(t *testing.T) {
	code, stdout, stderr := runCLI(t, nil, false)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"Usage: octosync <command>", "plan", "pull", "sandbox serve"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
}
