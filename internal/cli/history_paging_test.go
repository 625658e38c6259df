package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// TestHistoryPagesThroughAllVersions gives a bot rule 200 versions (four
// pages of 50) and checks that `history` lists every one of them, newest
// first, and that each page was requested once (outside git: no commits).
func TestHistoryPagesThroughAllVersions(t *testing.T) {
	sb, url, c := serveSandbox(t, sandbox.Options{})
	ctx := context.Background()
	r, err := c.Create(ctx, "demo", resource.BotRule{Title: "Chatty", Content: "Version 1.", Enabled: true}, provider.CreateOptions{})
	must(t, err)
	for v := 2; v <= 200; v++ {
		r, err = c.Update(ctx, "demo", r.ID, resource.BotRule{Title: "Chatty", Content: fmt.Sprintf("Version %d.", v), Enabled: true}, nil, r.Meta.Version)
		must(t, err)
	}
	dir := t.TempDir()
	rules := filepath.Join(dir, "businesses", "demo", "bot-rules")
	must(t, os.MkdirAll(rules, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "octosync.yaml"), []byte("version: 1\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(rules, "chatty.yaml"), []byte("id: "+r.ID+"\ntitle: Chatty\ncontent: Version 120.\n"), 0o644))
	sb.ClearRequests()

	code, out, errs := runInProcess(url, "history", "--dir", dir, "-o", "json", filepath.Join(rules, "chatty.yaml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Resources []struct {
			TotalVersions int `json:"totalVersions"`
			Versions      []struct {
				Version     int    `json:"version"`
				Source      string `json:"source"`
				Live        bool   `json:"live"`
				WorkingTree bool   `json:"workingTree"`
			} `json:"versions"`
		} `json:"resources"`
	}
	must(t, json.Unmarshal([]byte(out), &got))
	if len(got.Resources) != 1 || got.Resources[0].TotalVersions != 200 || len(got.Resources[0].Versions) != 200 {
		t.Fatalf("history: %d resource(s); want one with 200 versions listed\n%s", len(got.Resources), out[:min(len(out), 400)])
	}
	for i, v := range got.Resources[0].Versions {
		if v.Version != 200-i {
			t.Fatalf("entry %d is version %d, want %d (newest first)", i, v.Version, 200-i)
		}
		if v.Source != string(history.FromUnknown) || v.Live != (v.Version == 200) || v.WorkingTree != (v.Version == 120) {
			t.Errorf("version %d: %+v; want no commit (outside git), live only at 200, working tree only at 120", v.Version, v)
		}
	}
	var pages []string
	for _, req := range sb.Requests() {
		if strings.HasSuffix(req.Path, "/versions") {
			pages = append(pages, req.Query)
		}
	}
	slices.Sort(pages) // the client may fetch later pages concurrently
	if want := []string{"page=1", "page=2", "page=3", "page=4"}; !slices.Equal(pages, want) {
		t.Errorf("version pages requested %v, want %v", pages, want)
	}
}
