package octocom

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
