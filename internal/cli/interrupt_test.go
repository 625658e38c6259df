package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/sandbox"
)

// TestInterruptedPlanExits130 cancels a plan while it waits on a slow API:
// it stops with exit status 130 and a short message, not the raw
// cancellation error.
func TestInterruptedPlanExits130(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Latency: 5 * time.Second})
	must(t, err)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "businesses", "demo", "bot-rules"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "octosync.yaml"), []byte("version: 1\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "businesses", "demo", "bot-rules", "a.yaml"), []byte("title: A\ncontent: Be kind.\n"), 0o644))

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	var out, errb bytes.Buffer
	env := &Env{Ctx: ctx, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			return map[string]string{"OCTOCOM_API_URL": srv.URL + sandbox.BasePath, "OCTOCOM_API_KEY": "sandbox-key"}[k]
		}}
	code := Run(env, []string{"plan", "--dir", dir})
	if code != ExitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, ExitInterrupted, errb.String())
	}
	if !strings.Contains(errb.String(), "interrupted") || strings.Contains(errb.String(), "context canceled") {
		t.Errorf("stderr: %q", errb.String())
	}
}
