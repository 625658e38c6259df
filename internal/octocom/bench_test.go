package octocom

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// BenchmarkListPages lists 2,000 articles (40 pages of 50) from a sandbox
// answering every request after 20 ms. Page 1 comes first, the other 39 in
// parallel, so the wall time should be close to the bound
// pages × latency ÷ parallelism + one page.
func BenchmarkListPages(b *testing.B) {
	const (
		items    = 2000
		pageSize = 50
		latency  = 20 * time.Millisecond
	)
	seed := seedArticles(items)
	for _, par := range []int{4, 8} {
		b.Run(fmt.Sprintf("parallelism=%d", par), func(b *testing.B) {
			e := newEnv(b, sandbox.Options{Seed: seed, PageSize: pageSize, Latency: latency},
				Options{Parallelism: par, HTTPClient: &http.Client{}, Verbose: io.Discard})
			ctx := context.Background()
			e.sb.ClearRequests()
			start := time.Now()
			for b.Loop() {
				list, err := e.client.List(ctx, "demo", resource.KindArticle, provider.ListOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if len(list) != items {
					b.Fatalf("%d items, want %d", len(list), items)
				}
			}
			wall := time.Since(start)
			pages := items / pageSize
			bound := time.Duration(pages)*latency/time.Duration(par) + latency
			b.ReportMetric(float64(len(e.sb.Requests()))/float64(b.N), "requests/op")
			b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/op")
			b.ReportMetric(float64(bound.Milliseconds()), "bound-ms")
		})
	}
}

// BenchmarkReadPage reads one page of 50 articles as a list answer is
// read: the body checked against the contract, then each article decoded.
// A bulk export reads 200 such pages per 10,000 articles.
func BenchmarkReadPage(b *testing.B) {
	body := articlePage(50)
	c := &Client{}
	cl := call{method: http.MethodGet, path: "/businesses/demo/articles", answer: ListSchema(resource.KindArticle)}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		items, _, err := c.readList(cl, body)
		if err != nil {
			b.Fatal(err)
		}
		for _, fields := range items {
			if _, err := decodeResource(fields); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// articlePage is a page of n articles as the API sends them, each with
// a few kilobytes of Markdown.
func articlePage(n int) []byte {
	content := strings.Repeat("You can return any item within **30 days** of delivery. Use the \"Returns\" page.\n\n", 30)
	data := make([]map[string]any, n)
	for i := range data {
		data[i] = map[string]any{
			"id": fmt.Sprintf("art_%06d", i), "version": 3, "createdAt": "2026-01-02T03:04:05Z", "updatedAt": "2026-02-03T04:05:06.123Z",
			"deletedAt": nil, "title": fmt.Sprintf("Return policy %d", i), "content": content, "language": "en",
			"tags": []string{"returns", "policy"}, "enabled": true,
		}
	}
	body, err := json.Marshal(map[string]any{"data": data, "pagination": map[string]int{"page": 1, "pageSize": n, "totalItems": n, "totalPages": 1}})
	if err != nil {
		panic(err)
	}
	return body
}
