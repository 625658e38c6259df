package sandbox_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

const benchResources = 1000

// benchServer starts a sandbox over HTTP holding benchResources articles and
// returns its base URL, the article IDs and an HTTP client.
func benchServer(b *testing.B, opts sandbox.Options) (string, []string, *http.Client) {
	b.Helper()
	sb, err := sandbox.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sb.Close() })
	ids := make([]string, 0, benchResources)
	for i := range benchResources {
		rec := serve(sb, "POST", "/businesses/demo/articles", jsonBody(map[string]any{
			"title": fmt.Sprint("Article ", i), "content": strings.Repeat("Some **Markdown** text. ", 40),
			"language": "en", "tags": []string{"faq", "shipping"},
		}))
		var r resource
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	ts := httptest.NewServer(sb)
	b.Cleanup(ts.Close)
	return ts.URL + sandbox.BasePath, ids, ts.Client()
}

func benchDo(b *testing.B, c *http.Client, method, url, body string, want int) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("X-API-Key", "sandbox-key")
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Fatalf("%s %s: %d", method, url, resp.StatusCode)
	}
}

// BenchmarkListAllPages lists all 1,000 articles, 50 per page (20 requests
// per iteration), over HTTP.
func BenchmarkListAllPages(b *testing.B) {
	base, _, c := benchServer(b, sandbox.Options{})
	pages := benchResources / sandbox.DefaultPageSize
	b.ResetTimer()
	for b.Loop() {
		for p := 1; p <= pages; p++ {
			benchDo(b, c, "GET", fmt.Sprintf("%s/businesses/demo/articles?page=%d", base, p), "", http.StatusOK)
		}
	}
	b.ReportMetric(float64(b.N*pages)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkPut updates the 1,000 articles in turn over HTTP, in memory.
func BenchmarkPut(b *testing.B) {
	benchPut(b, sandbox.Options{})
}

// BenchmarkPutPersisted is BenchmarkPut with a data file: every write is
// saved by atomic replace (with fsync) before it is acknowledged.
func BenchmarkPutPersisted(b *testing.B) {
	benchPut(b, sandbox.Options{DataFile: filepath.Join(b.TempDir(), "sandbox.json")})
}

func benchPut(b *testing.B, opts sandbox.Options) {
	base, ids, c := benchServer(b, opts)
	body := jsonBody(map[string]any{"title": "Updated", "content": strings.Repeat("New text. ", 80), "language": "en"})
	b.ResetTimer()
	i := 0
	for b.Loop() {
		benchDo(b, c, "PUT", base+"/businesses/demo/articles/"+ids[i%len(ids)], body, http.StatusOK)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
