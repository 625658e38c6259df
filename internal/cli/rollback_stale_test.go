package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// TestRollbackOfAResourceEditedSincePreviewIsRefused edits the resource in
// the dashboard between the preview and the restore: the restore is a 412
// for that resource, the report says so, and its file is left alone.
func TestRollbackOfAResourceEditedSincePreviewIsRefused(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{})
	must(t, err)
	var once sync.Once
	var inner *httptest.Server
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/restore") {
			once.Do(func() {
				dashboardEdit(t, inner.URL+sandbox.BasePath+strings.Split(strings.TrimPrefix(r.URL.Path, sandbox.BasePath), "/versions/")[0])
			})
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	inner = httptest.NewServer(sb)
	defer inner.Close()
	url := srv.URL + sandbox.BasePath

	c, err := octocom.New(octocom.Options{BaseURL: inner.URL + sandbox.BasePath, APIKey: "sandbox-key"})
	must(t, err)
	ctx := context.Background()
	r, err := c.Create(ctx, "demo", resource.BotRule{Title: "Be kind", Content: "One.", Enabled: true}, provider.CreateOptions{})
	must(t, err)
	_, err = c.Update(ctx, "demo", r.ID, resource.BotRule{Title: "Be kind", Content: "Two.", Enabled: true}, nil, 1)
	must(t, err)
	dir := t.TempDir()
	file := filepath.Join(dir, "businesses", "demo", "bot-rules", "be-kind.yaml")
	must(t, os.MkdirAll(filepath.Dir(file), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "octosync.yaml"), []byte("version: 1\n"), 0o644))
	before := []byte("id: " + r.ID + "\ntitle: Be kind\ncontent: Two.\n")
	must(t, os.WriteFile(file, before, 0o644))

	code, out, errs := runInProcess(url, "rollback", "--dir", dir, "--to-version", "1", "--auto-approve", file)
	if code != ExitError {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, ExitError, out, errs)
	}
	if !strings.Contains(out, `failed  restore of version 1 demo/bot-rule "Be kind": changed since plan`) {
		t.Errorf("the report does not say the resource changed since the preview:\n%s", out)
	}
	if !strings.Contains(errs, "1 change(s) failed and their files were left alone") {
		t.Errorf("stderr: %s", errs)
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, before) {
		t.Errorf("the file was rewritten:\n%s", got)
	}
	statuses := map[int]int{}
	for _, req := range sb.Requests() {
		if strings.HasSuffix(req.Path, "/restore") {
			statuses[req.Status]++
		}
	}
	if statuses[http.StatusPreconditionFailed] != 1 || len(statuses) != 1 {
		t.Errorf("restore statuses %v, want exactly one 412", statuses)
	}
	live, err := c.Get(ctx, "demo", resource.KindBotRule, r.ID)
	must(t, err)
	if got := live.Spec.(resource.BotRule).Content; got != "Edited in the dashboard." {
		t.Errorf("live content %q: the dashboard edit was overwritten", got)
	}
}

// dashboardEdit changes a bot rule as a user in the dashboard would.
func dashboardEdit(t *testing.T, itemURL string) {
	body := `{"title": "Be kind", "content": "Edited in the dashboard.", "enabled": true}`
	req, _ := http.NewRequest(http.MethodPut, itemURL, strings.NewReader(body))
	req.Header.Set("X-API-Key", "sandbox-key")
	req.Header.Set("X-Sandbox-Actor", "user:erin")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("dashboard edit: %d", resp.StatusCode)
	}
}
