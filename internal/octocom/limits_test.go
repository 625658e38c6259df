package octocom

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

func listStep(pageSize, totalItems, totalPages int, items ...string) step {
	return step{status: 200, body: fmt.Sprintf(`{"data":[%s],"pagination":{"page":1,"pageSize":%d,"totalItems":%d,"totalPages":%d}}`,
		strings.Join(items, ","), pageSize, totalItems, totalPages)}
}

func article(id, title, content string) string {
	return fmt.Sprintf(`{"id":%q,"version":1,"title":%q,"content":%q,"language":"en","tags":[],"enabled":true}`, id, title, content)
}

// TestHostileListsAreRefusedAtTheFirstPage: a list that announces more
// than octosync reads, pages that cannot hold what they announce, a page
// over its size and content over the contract's limits are errors that
// name the number, after one request and no retry.
func TestHostileListsAreRefusedAtTheFirstPage(t *testing.T) {
	a := article("art_1", "A", "c")
	for _, tt := range []struct {
		name string
		list string // "businesses" or "articles"
		page step
		want string
	}{
		{"300,000 businesses", "businesses", listStep(50, 300_000, 6000),
			"GET /businesses: the server announced 300000 businesses, more than octosync reads (10000)"},
		{"a million articles", "articles", listStep(50, 1_000_000, 20_000, a),
			"the server announced 1000000 items, more than octosync reads (100000)"},
		{"pages of a million", "articles", listStep(1_000_000, 10, 1, a),
			"the server announced pages of 1000000 items, more than octosync reads (1000)"},
		{"more pages than items", "articles", listStep(50, 3, 90_000, a),
			"the server announced 90000 pages for 3 items of 50 per page"},
		{"a page over its size", "articles", listStep(1, 2, 2, a, article("art_2", "B", "c")),
			"a page of 1 items holds 2"},
		{"content over the limit", "articles", listStep(50, 1, 1, article("art_1", "A", strings.Repeat("x", 50_001))),
			"article art_1: content has 50001 characters, more than the contract allows (50000)"},
		{"title over the limit", "articles", listStep(50, 1, 1, article("art_1", strings.Repeat("é", 201), "c")),
			"article art_1: title has 201 characters, more than the contract allows (200)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, s, _, _ := scripted(t, Options{}, tt.page)
			var err error
			if tt.list == "businesses" {
				_, err = c.Businesses(context.Background())
			} else {
				_, err = c.List(context.Background(), "demo", resource.KindArticle, provider.ListOptions{})
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "does not keep the Octocom API contract") {
				t.Fatalf("err = %v\nwant it to say %q", err, tt.want)
			}
			var fatal *fatalError
			if !errors.As(err, &fatal) {
				t.Fatalf("err = %v: want a refusal, not a retryable failure", err)
			}
			if s.count() != 1 {
				t.Fatalf("%d requests, want 1", s.count())
			}
		})
	}
}
