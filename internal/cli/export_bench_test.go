package cli

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/sandbox"
)

// BenchmarkBulkExport2000 measures `octosync pull` exporting an
// organization of 2,000 resources (1,200 articles, 400 workflows with
// condition providers, 400 bot rules over two businesses) into an empty
// folder, over HTTP on loopback, with 5 ms of latency per request.
//
// Bound: the requests are 1 + the list pages (7 kinds-businesses × pages
// of 50); with parallelism 4 the network part is about
// latency × (2 + ceil((pages − 6) ÷ 4)).
func BenchmarkBulkExport2000(b *testing.B) {
	const latency = 5 * time.Millisecond
	type m = map[string]any
	var businesses []any
	for _, slug := range []string{"eu", "us"} {
		var arts, wfs, rules []any
		for i := range 600 {
			arts = append(arts, m{"title": fmt.Sprintf("Article %d", i), "language": "en", "tags": []string{"bench"}, "enabled": true,
				"content": fmt.Sprintf("# Article %d\n\nSome **Markdown** body with a [link](https://example.com/%d).\n\n- one\n- two\n", i, i)})
		}
		for i := range 200 {
			wfs = append(wfs, m{"title": fmt.Sprintf("Workflow %d", i), "trigger": "When the customer asks.", "instructions": "1. Look it up.\n2. Answer.\n",
				"actions": []string{"getOrderById"}, "conditionProvider": "def evaluate_conditions(context):\n    return {\"vip\": False}\n",
				"variants": []m{{"name": "VIP", "condition": "vip", "instructions": "Be extra nice.\n"}}, "enabled": true})
			rules = append(rules, m{"title": fmt.Sprintf("Rule %d", i), "content": "Keep answers short.", "enabled": i < 20})
		}
		businesses = append(businesses, m{"slug": slug, "name": slug, "articles": arts, "workflows": wfs, "botRules": rules})
	}
	raw, _ := json.Marshal(m{"organizations": []any{m{"name": "bench", "apiKeys": []string{"sandbox-key"}, "businesses": businesses}}})
	seed, err := sandbox.ParseSeed(raw)
	if err != nil {
		b.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Options{Seed: seed, Latency: latency})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	url := srv.URL + sandbox.BasePath

	var files int
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		sb.ClearRequests()
		b.StartTimer()
		if code, out, errs := runInProcess(url, "pull", "--dir", dir); code != 0 {
			b.Fatalf("pull: %d\n%s%s", code, out, errs)
		}
		b.StopTimer()
		files = countFiles(b, dir)
		b.StartTimer()
	}
	pages := 2 * (600/50 + 200/50 + 200/50)
	bound := time.Duration(2+(pages-6+3)/4) * latency
	b.ReportMetric(float64(len(sb.Requests())), "requests/op")
	b.ReportMetric(float64(files), "files/op")
	b.ReportMetric(float64(bound.Milliseconds()), "network-bound-ms")
}

func countFiles(b *testing.B, dir string) int {
	n := 0
	_ = filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n++
		}
		return nil
	})
	return n
}
