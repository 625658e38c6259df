package cli

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/sandbox"
)

// TestPlanReportsTheRepositoryAfterTheFetch: plan reads and checks the
// repository's files while live state is fetched, and prints what the check
// found only once the fetch has stopped: with --verbose, the request lines
// and the repository's warning never interleave (and never race on
// stderr), and the warning follows the last request.
func TestPlanReportsTheRepositoryAfterTheFetch(t *testing.T) {
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "Acme", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo", "name": "Demo",
		"botRules": [{"title": "Be kind", "content": "Be kind.", "enabled": true}]}]}]}`))
	must(t, err)
	sb, err := sandbox.New(sandbox.Options{Seed: seed, Latency: 20 * time.Millisecond})
	must(t, err)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"octosync.yaml":                          "version: 1\n",
		"businesses/demo/bot-rules/be-kind.yaml": "title: Be kind\ncontent: Be kind.\nenabled: true\n",
		"businesses/demo/bot-rules/notes.txt":    "Remember to be kind.\n",
		"businesses/demo/articles/.gitkeep":      "",
		"businesses/demo/workflows/.gitkeep":     "",
	})
	code, stdout, stderr := runInProcess(srv.URL+sandbox.BasePath, "plan", "--dir", dir, "--verbose")
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s%s", code, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	warning, lastRequest := -1, -1
	for i, l := range lines {
		switch {
		case strings.Contains(l, "notes.txt"):
			warning = i
		case strings.HasPrefix(l, "GET "):
			lastRequest = i
		}
	}
	if warning < 0 || lastRequest < 0 || warning < lastRequest {
		t.Errorf("the warning (line %d) must follow the last request (line %d):\n%s", warning, lastRequest, stderr)
	}
}
