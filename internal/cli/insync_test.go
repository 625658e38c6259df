package cli

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// TestInSyncPlanSendsOnlyListRequests: a plan of an organization already in
// sync sends only GETs, exactly 1 + (list pages per kind per business):
// here 120 and 51 articles (3 and 2 pages of 50) and empty workflows and bot
// rules (one page each) in two businesses: 1 + (3+1+1) + (2+1+1) = 10.
func TestInSyncPlanSendsOnlyListRequests(t *testing.T) {
	type m = map[string]any
	arts := func(n int) []m {
		var out []m
		for i := range n {
			out = append(out, m{"title": fmt.Sprintf("Article %d", i), "content": "Text.", "language": "en", "tags": []string{}, "enabled": true})
		}
		return out
	}
	raw, _ := json.Marshal(m{"organizations": []m{{"name": "acme", "apiKeys": []string{"sandbox-key"}, "businesses": []m{
		{"slug": "eu", "name": "EU", "articles": arts(120)},
		{"slug": "us", "name": "US", "articles": arts(51)},
	}}}})
	seed, err := sandbox.ParseSeed(raw)
	must(t, err)
	sb, err := sandbox.New(sandbox.Options{Seed: seed})
	must(t, err)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	url := srv.URL + sandbox.BasePath
	dir := t.TempDir()
	if code, out, errs := runInProcess(url, "pull", "--dir", dir); code != 0 {
		t.Fatalf("pull: %d\n%s%s", code, out, errs)
	}

	sb.ClearRequests()
	code, out, errs := runInProcess(url, "plan", "--dir", dir, "--detailed-exitcode")
	if code != 0 || !strings.Contains(out, "No changes") {
		t.Fatalf("plan: exit %d\n%s%s", code, out, errs)
	}
	reqs := sb.Requests()
	var lines []string
	for _, r := range reqs {
		if r.Method != "GET" {
			t.Errorf("a plan in sync sent %s %s", r.Method, r.Path)
		}
		lines = append(lines, r.Method+" "+r.Path+"?"+r.Query)
	}
	if len(reqs) != 10 {
		t.Errorf("%d requests, want 1 + 9 list pages:\n%s", len(reqs), strings.Join(lines, "\n"))
	}
}
