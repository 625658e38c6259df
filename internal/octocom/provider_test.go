package octocom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// These tests run the client against the sandbox over real HTTP, with every
// request checked against schema/openapi.yaml.

func ptr[T any](v T) *T { return &v }

var (
	testArticle = resource.Article{Title: "Return policy", Content: "You can return any item within **30 days**.\n",
		Language: "en", Tags: []string{"returns", "policy"}, Enabled: true}
	testWorkflow = resource.Workflow{Title: "Damaged product", Trigger: "When a customer reports a damaged product.",
		Instructions: "1. Apologise.\n2. Replace it.\n", Actions: []string{"getOrderById"},
		ConditionProvider: ptr("def evaluate_conditions(context):\n    return {}\n"),
		Variants:          []resource.Variant{{Name: "Refunded", Condition: "isRefunded", Instructions: "Explain the refund."}},
		Enabled:           true}
	testBotRule = resource.BotRule{Title: "Greet in Spanish", Content: "Always greet in Spanish.", Enabled: false}
)

func TestProviderRoundTrip(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, sandbox.Options{}, Options{})
	c := e.client

	bs, err := c.Businesses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []provider.Business{{Slug: "demo", Name: "Demo"}}; len(bs) != 1 || bs[0].Slug != want[0].Slug || bs[0].Name != want[0].Name || bs[0].ID == "" {
		t.Fatalf("Businesses = %+v, want one business demo with an id", bs)
	}

	for _, spec := range []resource.Spec{testArticle, testWorkflow, testBotRule} {
		t.Run(string(spec.Kind()), func(t *testing.T) {
			k := spec.Kind()
			created, err := c.Create(ctx, "demo", spec, provider.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if created.ID == "" || created.Meta.Version != 1 || created.Business != "demo" || !resource.Equal(created.Spec, spec) {
				t.Fatalf("Create = %+v", created)
			}
			got, err := c.Get(ctx, "demo", k, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !resource.Equal(got.Spec, spec) || got.Meta.Version != 1 || got.Meta.CreatedAt.IsZero() {
				t.Fatalf("Get = %+v", got)
			}

			changed := retitle(spec, spec.GetTitle()+" (v2)")
			updated, err := c.Update(ctx, "demo", created.ID, changed, nil, 1)
			if err != nil {
				t.Fatal(err)
			}
			if updated.Meta.Version != 2 || updated.Title() != changed.GetTitle() {
				t.Fatalf("Update = %+v", updated)
			}
			// A stale If-Match is a conflict.
			_, err = c.Update(ctx, "demo", created.ID, spec, nil, 1)
			if !errors.Is(err, provider.ErrConflict) {
				t.Fatalf("stale Update: err = %v, want ErrConflict", err)
			}
			if err := c.Delete(ctx, "demo", k, created.ID, 1); !errors.Is(err, provider.ErrConflict) {
				t.Fatalf("stale Delete: err = %v, want ErrConflict", err)
			}

			list, err := c.List(ctx, "demo", k, provider.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].ID != created.ID || !resource.Equal(list[0].Spec, changed) {
				t.Fatalf("List = %+v", list)
			}

			if err := c.Delete(ctx, "demo", k, created.ID, 2); err != nil {
				t.Fatal(err)
			}
			if list, err := c.List(ctx, "demo", k, provider.ListOptions{}); err != nil || len(list) != 0 {
				t.Fatalf("List after delete = %v, %v; want none", list, err)
			}
			list, err = c.List(ctx, "demo", k, provider.ListOptions{IncludeDeleted: true})
			if err != nil || len(list) != 1 || !list[0].Deleted() {
				t.Fatalf("List(IncludeDeleted) after delete = %+v, %v; want the deleted one", list, err)
			}
			deleted, err := c.Get(ctx, "demo", k, created.ID)
			if err != nil || !deleted.Deleted() || deleted.Meta.Version != 3 {
				t.Fatalf("Get after delete = %+v, %v", deleted, err)
			}
			// A soft-deleted resource cannot be written, only restored.
			_, err = c.Update(ctx, "demo", created.ID, spec, nil, 0)
			if !errors.Is(err, provider.ErrNotFound) || !strings.Contains(err.Error(), "can only be restored") {
				t.Fatalf("Update of a deleted resource: err = %v, want ErrNotFound with advice", err)
			}

			restored, err := c.Restore(ctx, "demo", k, created.ID, 1, 0)
			if err != nil {
				t.Fatal(err)
			}
			if restored.Deleted() || restored.Meta.Version != 4 || !resource.Equal(restored.Spec, spec) {
				t.Fatalf("Restore = %+v", restored)
			}

			vs, err := c.Versions(ctx, "demo", k, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got2 []string
			for _, v := range vs {
				got2 = append(got2, fmt.Sprintf("%d %s %d %s", v.Number, v.ChangeType, v.RestoredFrom, v.Author.Type))
			}
			want := []string{"4 restore 1 api_key", "3 delete 0 api_key", "2 update 0 api_key", "1 create 0 api_key"}
			if !slices.Equal(got2, want) {
				t.Fatalf("Versions = %q, want %q", got2, want)
			}
			if !resource.Equal(vs[2].Snapshot, changed) || !resource.Equal(vs[3].Snapshot, spec) || vs[0].CreatedAt.IsZero() {
				t.Fatalf("Versions snapshots = %+v", vs)
			}
			v2, err := c.Version(ctx, "demo", k, created.ID, 2)
			if err != nil || v2.Number != 2 || !resource.Equal(v2.Snapshot, changed) {
				t.Fatalf("Version(2) = %+v, %v", v2, err)
			}
			if _, err := c.Version(ctx, "demo", k, created.ID, 99); !errors.Is(err, provider.ErrNotFound) {
				t.Fatalf("Version(99): err = %v, want ErrNotFound", err)
			}
		})
	}
}

// retitle returns spec with another title.
func retitle(spec resource.Spec, title string) resource.Spec {
	switch s := spec.(type) {
	case resource.Article:
		s.Title = title
		return s
	case resource.Workflow:
		s.Title = title
		return s
	case resource.BotRule:
		s.Title = title
		return s
	}
	panic("unknown spec")
}

func TestIdempotentCreateReplay(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, sandbox.Options{}, Options{})
	first, err := e.client.Create(ctx, "demo", testArticle, provider.CreateOptions{IdempotencyKey: "create-1"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.client.Create(ctx, "demo", testArticle, provider.CreateOptions{IdempotencyKey: "create-1"})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Meta.Version != 1 {
		t.Fatalf("replay = %+v, want the first create %s", again, first.ID)
	}
	list, err := e.client.List(ctx, "demo", resource.KindArticle, provider.ListOptions{})
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %d resources, %v; want 1", len(list), err)
	}
	posts := requests(e.sb, http.MethodPost, "/businesses/demo/articles")
	if len(posts) != 2 {
		t.Fatalf("%d POSTs, want 2", len(posts))
	}
}

func TestErrorsFromSandbox(t *testing.T) {
	ctx := context.Background()
	// Some of these send content the contract forbids, on purpose: no
	// contract check on this client.
	e := newEnv(t, sandbox.Options{}, Options{HTTPClient: &http.Client{}})
	c := e.client
	tests := []struct {
		name string
		call func() error
		is   error
		msg  string
	}{
		{"unknown business", func() error {
			_, err := c.List(ctx, "nope", resource.KindArticle, provider.ListOptions{})
			return err
		}, provider.ErrNotFound, "business `nope` not found in this organization"},
		{"create in unknown business", func() error {
			_, err := c.Create(ctx, "nope", testBotRule, provider.CreateOptions{})
			return err
		}, provider.ErrNotFound, "business `nope` not found in this organization"},
		{"unknown id", func() error {
			_, err := c.Get(ctx, "demo", resource.KindArticle, "art_missing")
			return err
		}, provider.ErrNotFound, "article `art_missing` not found in business `demo`"},
		{"validation", func() error {
			_, err := c.Create(ctx, "demo", resource.Article{Title: "", Content: "x", Language: "en"}, provider.CreateOptions{})
			return err
		}, provider.ErrValidation, "POST /businesses/demo/articles: 422 validation_error: title: "},
		{"workflow variant without provider", func() error {
			w := testWorkflow
			w.ConditionProvider = nil
			_, err := c.Create(ctx, "demo", w, provider.CreateOptions{})
			return err
		}, provider.ErrValidation, "variants[0].condition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %q, want it to contain %q", err, tt.msg)
			}
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Code == "" {
				t.Fatalf("err = %#v, want an *Error with a code", err)
			}
		})
	}
}

func TestUnauthorizedNeverShowsKey(t *testing.T) {
	const wrongKey = "wrong-key-4f1c2b"
	e := newEnv(t, sandbox.Options{}, Options{APIKey: wrongKey})
	_, err := e.client.Businesses(context.Background())
	if !errors.Is(err, provider.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	want := "GET /businesses?page=1: the API key was rejected (401 unauthorized): check OCTOCOM_API_KEY or --api-key-file"
	if err.Error() != want {
		t.Fatalf("err = %q\nwant  %q", err, want)
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), e.log.String()} {
		if strings.Contains(s, wrongKey) {
			t.Fatalf("the key leaked: %s", s)
		}
	}
	if got := len(e.sb.Requests()); got != 1 {
		t.Fatalf("%d requests, want 1: a 401 is never retried", got)
	}
}

func TestPagination(t *testing.T) {
	tests := []struct {
		items, pageSize int
	}{
		{0, 50}, {50, 50}, {51, 50}, {120, 50},
		{0, 7}, {7, 7}, {8, 7}, {120, 7},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d items, page size %d", tt.items, tt.pageSize), func(t *testing.T) {
			e := newEnv(t, sandbox.Options{Seed: seedArticles(tt.items), PageSize: tt.pageSize}, Options{})
			list, err := e.client.List(context.Background(), "demo", resource.KindArticle, provider.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tt.items {
				t.Fatalf("List = %d items, want %d", len(list), tt.items)
			}
			for i, r := range list {
				if want := fmt.Sprintf("Article %04d", i+1); r.Title() != want {
					t.Fatalf("item %d = %q, want %q (page order)", i, r.Title(), want)
				}
			}
			pages := max(1, (tt.items+tt.pageSize-1)/tt.pageSize)
			gets := requests(e.sb, http.MethodGet, "/businesses/demo/articles")
			var queries []string
			for _, g := range gets {
				queries = append(queries, g.Query)
			}
			slices.Sort(queries)
			var want []string
			for p := 1; p <= pages; p++ {
				want = append(want, fmt.Sprintf("page=%d", p))
			}
			slices.Sort(want)
			if !slices.Equal(queries, want) {
				t.Fatalf("queries = %q, want %q", queries, want)
			}
		})
	}
}

func TestListIncludeDeletedOnEveryPage(t *testing.T) {
	e := newEnv(t, sandbox.Options{Seed: seedArticles(12), PageSize: 5}, Options{})
	ctx := context.Background()
	list, err := e.client.List(ctx, "demo", resource.KindArticle, provider.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.client.Delete(ctx, "demo", resource.KindArticle, list[3].ID, 0); err != nil {
		t.Fatal(err)
	}
	e.sb.ClearRequests()
	all, err := e.client.List(ctx, "demo", resource.KindArticle, provider.ListOptions{IncludeDeleted: true})
	if err != nil || len(all) != 12 || !all[3].Deleted() {
		t.Fatalf("List(IncludeDeleted) = %d items, %v", len(all), err)
	}
	for _, r := range e.sb.Requests() {
		if !strings.Contains(r.Query, "includeDeleted=true") {
			t.Fatalf("request %s?%s lacks includeDeleted=true", r.Path, r.Query)
		}
	}
	if got := len(e.sb.Requests()); got != 3 {
		t.Fatalf("%d requests, want 3 pages", got)
	}
}

// inFlight counts the API requests a handler serves at once.
type inFlight struct {
	next     http.Handler
	cur, max atomic.Int32
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.cur.Add(1)
	for {
		m := f.max.Load()
		if n <= m || f.max.CompareAndSwap(m, n) {
			break
		}
	}
	defer f.cur.Add(-1)
	f.next.ServeHTTP(w, r)
}

func TestPageFetchesAreConcurrentAndBounded(t *testing.T) {
	for _, par := range []int{1, 3, 4} {
		t.Run(fmt.Sprint("parallelism ", par), func(t *testing.T) {
			sb, err := sandbox.New(sandbox.Options{Seed: seedArticles(50), PageSize: 5, Latency: 20 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			h := &inFlight{next: sb}
			e := newEnvHandler(t, sb, h, Options{Parallelism: par})
			list, err := e.client.List(context.Background(), "demo", resource.KindArticle, provider.ListOptions{})
			if err != nil || len(list) != 50 {
				t.Fatalf("List = %d, %v", len(list), err)
			}
			if got := len(sb.Requests()); got != 10 {
				t.Fatalf("%d requests, want 10 pages", got)
			}
			// 9 pages after the first, 20 ms each: with par in flight
			// the server sees exactly par at once.
			if got := int(h.max.Load()); got != par {
				t.Fatalf("max in flight = %d, want %d", got, par)
			}
		})
	}
}

func TestParallelismSharedAcrossCalls(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Seed: seedArticles(30), PageSize: 5, Latency: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	h := &inFlight{next: sb}
	e := newEnvHandler(t, sb, h, Options{Parallelism: 2})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := e.client.List(context.Background(), "demo", resource.KindArticle, provider.ListOptions{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := h.max.Load(); got > 2 {
		t.Fatalf("max in flight = %d over 4 concurrent Lists, want ≤ 2", got)
	}
}

func TestFaultyServer(t *testing.T) {
	e := newEnv(t, sandbox.Options{Seed: seedArticles(120), FailRate: 0.3, FaultSeed: 1}, Options{MaxAttempts: 10, Sleep: (&sleeps{}).sleep})
	ctx := context.Background()
	for i := range 5 {
		list, err := e.client.List(ctx, "demo", resource.KindArticle, provider.ListOptions{})
		if err != nil || len(list) != 120 {
			t.Fatalf("List #%d = %d items, %v; want 120", i, len(list), err)
		}
	}
	if e.client.Stats().Retries == 0 {
		t.Fatal("no retries against a server failing 30% of requests")
	}

	// Creates: each either succeeds or reports an unknown outcome, and
	// the client never sends one twice.
	e.sb.ClearRequests()
	const creates = 40
	outcome := map[string]error{}
	for i := range creates {
		title := fmt.Sprintf("Fault %02d", i)
		_, err := e.client.Create(ctx, "demo", resource.BotRule{Title: title, Content: "c", Enabled: false}, provider.CreateOptions{})
		if err != nil && !errors.Is(err, provider.ErrOutcomeUnknown) {
			t.Fatalf("Create %s: %v, want success or ErrOutcomeUnknown", title, err)
		}
		outcome[title] = err
	}
	if posts := requests(e.sb, http.MethodPost, "/"); len(posts) != creates {
		t.Fatalf("%d POSTs for %d creates: the client retried a POST", len(posts), creates)
	}
	e.sb.SetFailRate(0)
	live, err := e.client.List(ctx, "demo", resource.KindBotRule, provider.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range live {
		count[r.Title()]++
	}
	unknown := 0
	for title, err := range outcome {
		switch {
		case count[title] > 1:
			t.Errorf("%s exists %d times", title, count[title])
		case err == nil && count[title] != 1:
			t.Errorf("%s: created, but %d live", title, count[title])
		case err != nil:
			unknown++
		}
	}
	if unknown == 0 {
		t.Error("no create had an unknown outcome: the faults did not reach POSTs")
	}
}

func TestCancelStopsQuickly(t *testing.T) {
	e := newEnv(t, sandbox.Options{Seed: seedArticles(200), PageSize: 5, Latency: 200 * time.Millisecond}, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := e.client.List(ctx, "demo", resource.KindArticle, provider.ListOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("List took %v after cancel, want it to stop at once", d)
	}
}
