package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// TestConcurrentAppliesNeverDuplicate starts two real `octosync apply`
// processes at once on the same repository of 33 new articles, against
// `octosync sandbox serve --latency 50ms`, and checks that every article
// exists exactly once live: their creates carry the same idempotency keys
// and the server collapses them. Repeated 20 times (3 with -short), each
// round on a business of its own.
func TestConcurrentAppliesNeverDuplicate(t *testing.T) {
	// Latency-bound processes: they wait on the sandbox far more than they
	// use a core, so they run beside the scripts rather than before them.
	t.Parallel()
	rounds := 20
	if testing.Short() {
		rounds = 3
	}
	bin := buildBinary(t)
	var businesses []string
	for i := range rounds {
		businesses = append(businesses, fmt.Sprintf(`{"slug": "shop-%02d", "name": "Shop %d"}`, i, i))
	}
	seedFile := filepath.Join(t.TempDir(), "seed.json")
	must(t, os.WriteFile(seedFile, []byte(`{"organizations": [{"name": "acme", "apiKeys": ["sandbox-key"], "businesses": [`+strings.Join(businesses, ",")+`]}]}`), 0o644))
	base := startServe(t, bin, "--seed", seedFile, "--latency", "50ms")
	env := append(os.Environ(), "OCTOCOM_API_URL="+base+sandbox.BasePath, "OCTOCOM_API_KEY=sandbox-key")

	for round := range rounds {
		slug := fmt.Sprintf("shop-%02d", round)
		dir := t.TempDir()
		arts := filepath.Join(dir, "businesses", slug, "articles")
		must(t, os.MkdirAll(arts, 0o755))
		must(t, os.WriteFile(filepath.Join(dir, "octosync.yaml"), []byte("version: 1\n"), 0o644))
		for i := range 33 {
			body := fmt.Sprintf("---\ntitle: Article %02d\nlanguage: en\n---\nText of article %d.\n", i, i)
			must(t, os.WriteFile(filepath.Join(arts, fmt.Sprintf("article-%02d.md", i)), []byte(body), 0o644))
		}
		var wg sync.WaitGroup
		outs := make([][]byte, 2)
		errs := make([]error, 2)
		for p := range 2 {
			wg.Go(func() {
				cmd := exec.Command(bin, "apply", "--dir", dir, "--auto-approve", "--parallelism", "4")
				cmd.Env = env
				outs[p], errs[p] = cmd.CombinedOutput()
			})
		}
		wg.Wait()
		for p := range 2 {
			if errs[p] != nil {
				t.Fatalf("round %d, apply %d: %v\n%s", round, p, errs[p], lastLines(string(outs[p]), 8))
			}
		}
		titles := liveTitles(t, base, slug)
		if len(titles) != 33 {
			t.Errorf("round %d: %d distinct live titles, want 33", round, len(titles))
		}
		for title, n := range titles {
			if n != 1 {
				t.Errorf("round %d: %q exists %d times live", round, title, n)
			}
		}
		if t.Failed() {
			return
		}
	}
}

// liveTitles counts the live (not deleted) articles of one business by
// title, through the API.
func liveTitles(t *testing.T, base, business string) map[string]int {
	t.Helper()
	titles := map[string]int{}
	for page := 1; ; page++ {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s%s/businesses/%s/articles?page=%d", base, sandbox.BasePath, business, page), nil)
		req.Header.Set("X-API-Key", "sandbox-key")
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var list struct {
			Data []struct {
				Title     string  `json:"title"`
				DeletedAt *string `json:"deletedAt"`
			} `json:"data"`
		}
		must(t, json.Unmarshal(raw, &list))
		if len(list.Data) == 0 {
			return titles
		}
		for _, a := range list.Data {
			if a.DeletedAt == nil {
				titles[a.Title]++
			}
		}
	}
}
