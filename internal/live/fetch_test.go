package live_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// slowLists is a provider of n businesses whose List takes a second (of
// fake time) and records how many run at once.
type slowLists struct {
	provider.ReadOnly // the writes refuse; Businesses and List are below
	n, parallelism    int

	mu       sync.Mutex
	cur, max int
}

func (s *slowLists) Parallelism() int { return s.parallelism }

func (s *slowLists) Businesses(context.Context) ([]provider.Business, error) {
	out := make([]provider.Business, s.n)
	for i := range out {
		out[i] = provider.Business{ID: strconv.Itoa(i), Slug: fmt.Sprintf("b%05d", i)}
	}
	return out, nil
}

func (s *slowLists) List(ctx context.Context, business string, kind resource.Kind, _ provider.ListOptions) ([]resource.Resource, error) {
	s.mu.Lock()
	s.cur++
	s.max = max(s.max, s.cur)
	s.mu.Unlock()
	time.Sleep(time.Second)
	s.mu.Lock()
	s.cur--
	s.mu.Unlock()
	return nil, nil
}

// TestFetchFanOutIsBounded: the lists of 500 businesses × 3 kinds run at
// most four times the provider's parallelism at once (also through
// provider.ReadOnly, as plan holds it), not one goroutine each.
func TestFetchFanOutIsBounded(t *testing.T) {
	for _, wrap := range []bool{false, true} {
		t.Run(fmt.Sprint("read-only ", wrap), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &slowLists{n: 500, parallelism: 3}
				var p provider.Provider = s
				if wrap {
					p = provider.ReadOnly{P: s}
				}
				start := time.Now()
				st, err := live.Fetch(context.Background(), p, live.Options{})
				if err != nil || len(st.Businesses) != 500 {
					t.Fatalf("Fetch = %v, %v", st, err)
				}
				if s.max != 12 {
					t.Fatalf("%d lists at once, want four times the provider's parallelism, 12", s.max)
				}
				if d := time.Since(start); d != 125*time.Second {
					t.Fatalf("took %v of fake time, want 1500 lists ÷ 12 × 1 s", d)
				}
			})
		})
	}
}

// TestFetchRefusesAHostileBusinessList: a server listing 300,000
// businesses is refused at its first page, with the number in the message,
// after one request and a few MiB of allocation.
func TestFetchRefusesAHostileBusinessList(t *testing.T) {
	const total, pageSize = 300_000, 50
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > 100 {
			// Cut a client that keeps reading short, so that the test
			// fails quickly instead of exhausting the machine.
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"code":"enough","message":"the test server stops here"}}`)
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var items []string
		switch {
		case r.URL.Path == "/rest/v1/businesses":
			for i := (page - 1) * pageSize; i < page*pageSize && i < total; i++ {
				items = append(items, fmt.Sprintf(`{"id":"b%d","slug":"b%06d","name":"B"}`, i, i))
			}
			fmt.Fprintf(w, `{"data":[%s],"pagination":{"page":%d,"pageSize":%d,"totalItems":%d,"totalPages":%d}}`,
				strings.Join(items, ","), page, pageSize, total, total/pageSize)
		default:
			fmt.Fprint(w, `{"data":[],"pagination":{"page":1,"pageSize":50,"totalItems":0,"totalPages":0}}`)
		}
	}))
	defer srv.Close()
	c, err := octocom.New(octocom.Options{BaseURL: srv.URL + "/rest/v1", APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = live.Fetch(context.Background(), c, live.Options{})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "the server announced 300000 businesses, more than octosync reads (10000)") {
		t.Fatalf("err = %v, want the list refused with its size", err)
	}
	if got := requests.Load(); got != 1 {
		t.Fatalf("%d requests, want 1", got)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Fatalf("allocated %d MiB, want a few", alloc>>20)
	}
}

// businessLists is a provider of three businesses whose lists each hold
// one resource of their kind; the lists of failing fail.
type businessLists struct {
	provider.ReadOnly
	failing string
}

func (businessLists) Parallelism() int { return 2 }

func (businessLists) Businesses(context.Context) ([]provider.Business, error) {
	return []provider.Business{{ID: "1", Slug: "c"}, {ID: "2", Slug: "a"}, {ID: "3", Slug: "b"}}, nil
}

func (p businessLists) List(_ context.Context, business string, kind resource.Kind, _ provider.ListOptions) ([]resource.Resource, error) {
	if business == p.failing && kind == resource.KindBotRule {
		return nil, fmt.Errorf("boom")
	}
	var spec resource.Spec
	switch kind {
	case resource.KindArticle:
		spec = resource.Article{Title: "A " + business}
	case resource.KindWorkflow:
		spec = resource.Workflow{Title: "W " + business}
	default:
		spec = resource.BotRule{Title: "R " + business}
	}
	return []resource.Resource{{ID: business + "-" + string(kind), Spec: spec}}, nil
}

// observer is a live.Observer of two functions.
type observer struct {
	reading func([]string)
	fetched func(string, []resource.Resource)
}

func (o observer) Reading(bs []string)                      { o.reading(bs) }
func (o observer) Fetched(b string, rs []resource.Resource) { o.fetched(b, rs) }

// TestFetchReportsEachBusinessOnceItsListsAreIn: the observer hears the
// businesses about to be read, in order, before any of them is reported;
// then Fetched gets every business once, before Fetch returns, with all
// its kinds' resources sorted by key and labelled with the business; a
// business whose list failed is never reported.
func TestFetchReportsEachBusinessOnceItsListsAreIn(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]resource.Resource{}
	var reading []string
	calls := 0
	fetched := observer{
		reading: func(bs []string) {
			mu.Lock()
			defer mu.Unlock()
			if calls > 0 || reading != nil {
				t.Errorf("Reading(%v) after %d businesses were reported, or twice", bs, calls)
			}
			reading = bs
		},
		fetched: func(b string, rs []resource.Resource) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			got[b] = rs
		},
	}
	st, err := live.Fetch(context.Background(), businessLists{}, live.Options{Observer: fetched})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(reading, ",") != "a,b,c" {
		t.Errorf("Reading heard %v, want a, b, c", reading)
	}
	if calls != 3 || len(got) != 3 {
		t.Fatalf("Fetched called %d times for %d businesses, want 3 and 3", calls, len(got))
	}
	n := 0
	for b, rs := range got {
		if len(rs) != 3 {
			t.Errorf("%s: %d resources, want one of each kind", b, len(rs))
		}
		for i, r := range rs {
			if r.Business != b {
				t.Errorf("%s: resource %s labelled %q", b, r.ID, r.Business)
			}
			if i > 0 && rs[i-1].Key().Compare(r.Key()) >= 0 {
				t.Errorf("%s: not sorted by key: %s before %s", b, rs[i-1].ID, r.ID)
			}
		}
		n += len(rs)
	}
	if n != len(st.Resources) {
		t.Errorf("Fetched got %d resources, the state holds %d", n, len(st.Resources))
	}

	got, calls, reading = map[string][]resource.Resource{}, 0, nil
	mu.Unlock()
	_, err = live.Fetch(context.Background(), businessLists{failing: "b"}, live.Options{Observer: fetched})
	mu.Lock()
	if err == nil {
		t.Fatal("a failing list did not fail the fetch")
	}
	if _, ok := got["b"]; ok {
		t.Error("the business whose list failed was reported")
	}
}

// orderedLists records the provider.OrderOf of each list's context.
type orderedLists struct {
	businessLists
	mu     sync.Mutex
	orders map[string]int
}

func (o *orderedLists) List(ctx context.Context, business string, kind resource.Kind, opts provider.ListOptions) ([]resource.Resource, error) {
	o.mu.Lock()
	o.orders[business+" "+kind.Dir()] = provider.OrderOf(ctx)
	o.mu.Unlock()
	return o.businessLists.List(ctx, business, kind, opts)
}

// TestFetchOrdersItsListsByBusiness: every list of the n-th business (by
// slug) is read with order n (provider.WithOrder), so that a provider
// bounding its requests serves one business before the next and the
// businesses complete one after another.
func TestFetchOrdersItsListsByBusiness(t *testing.T) {
	p := &orderedLists{orders: map[string]int{}}
	if _, err := live.Fetch(context.Background(), p, live.Options{}); err != nil {
		t.Fatal(err)
	}
	for i, b := range []string{"a", "b", "c"} {
		for _, k := range resource.Kinds {
			if got := p.orders[b+" "+k.Dir()]; got != i+1 {
				t.Errorf("%s of %s read with order %d, want %d", k.Dir(), b, got, i+1)
			}
		}
	}
}
