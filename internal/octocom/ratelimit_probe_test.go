package octocom

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// capacityOnly rewrites the sandbox's rate-limit headers into what some
// servers send: X-RateLimit-Limit is the bucket's capacity (the burst), and
// no RateLimit-Policy says what the rate is.
type capacityOnly struct {
	next  http.Handler
	burst int
}

func (c capacityOnly) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.next.ServeHTTP(capacityWriter{ResponseWriter: w, burst: c.burst}, r)
}

type capacityWriter struct {
	http.ResponseWriter
	burst int
}

func (w capacityWriter) WriteHeader(status int) {
	h := w.Header()
	if h.Get("X-RateLimit-Limit") != "" {
		h.Set("X-RateLimit-Limit", strconv.Itoa(w.burst))
		h.Del("RateLimit-Policy")
		h.Del("RateLimit")
	}
	w.ResponseWriter.WriteHeader(status)
}

// TestRateLimitProbingReachesTheServersRate runs 300 updates against a
// sandbox allowing 50 requests per second, on the fake clock of a synctest
// bubble. The bound is 6 s (300 ÷ 50); the client must come within 1.2× of
// it with no failed update, whether the headers announce the rate or only
// the bucket's capacity (10, five times too slow taken as a rate).
func TestRateLimitProbingReachesTheServersRate(t *testing.T) {
	for _, tt := range []struct {
		name         string
		burst        int
		capacityOnly bool
	}{
		{"rate announced, burst 10", 10, false},
		{"rate announced, burst 50", 50, false},
		{"capacity announced, burst 10", 10, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const n, perSecond = 300, 50
				sb, err := sandbox.New(sandbox.Options{Seed: seedArticles(n), RateLimit: perSecond, Burst: tt.burst})
				if err != nil {
					t.Fatal(err)
				}
				var h http.Handler = sb
				if tt.capacityOnly {
					h = capacityOnly{next: sb, burst: tt.burst}
				}
				hc, stop := serveMem(t, h)
				defer stop()
				c, err := New(Options{BaseURL: memBaseURL, APIKey: testKey, HTTPClient: hc, Parallelism: 8})
				if err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				list, err := c.List(ctx, "demo", resource.KindArticle, provider.ListOptions{})
				if err != nil {
					t.Fatal(err)
				}
				time.Sleep(2 * time.Second) // the bucket fills up again
				sb.ClearRequests()
				start := time.Now()
				var wg sync.WaitGroup
				for _, r := range list {
					wg.Go(func() {
						a := r.Spec.(resource.Article)
						a.Content += "\nUpdated."
						if _, err := c.Update(ctx, "demo", r.ID, a, nil, r.Meta.Version); err != nil {
							t.Error(err)
						}
					})
				}
				wg.Wait()
				elapsed := time.Since(start)
				refused := 0
				for _, r := range sb.Requests() {
					if r.Status == http.StatusTooManyRequests {
						refused++
					}
				}
				bound := time.Duration(n / perSecond * float64(time.Second))
				t.Logf("%d updates in %v of fake time (bound %v), %d answered 429, final rate %.1f/s", n, elapsed, bound, refused, c.limiter.currentRate())
				if elapsed > bound*12/10 {
					t.Errorf("took %v, want within 1.2× of %v", elapsed, bound)
				}
				if got := c.Stats().Put - refused; got != n {
					t.Errorf("%d updates accepted, want %d", got, n)
				}
			})
		})
	}
}

// TestRetryAfterHTTPDate: a 429 whose Retry-After is an HTTP date makes the
// client wait until that date, on the fake clock, then retry once.
func TestRetryAfterHTTPDate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var times []time.Time
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			times = append(times, time.Now())
			first := len(times) == 1
			mu.Unlock()
			if first {
				w.Header().Set("Retry-After", time.Now().Add(7*time.Second).UTC().Format(http.TimeFormat))
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, `{"error":{"code":"rate_limited","message":"slow down"}}`)
				return
			}
			fmt.Fprint(w, `{"data":[],"pagination":{"page":1,"pageSize":50,"totalItems":0,"totalPages":0}}`)
		})
		hc, stop := serveMem(t, h)
		defer stop()
		c, err := New(Options{BaseURL: memBaseURL, APIKey: testKey, HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Businesses(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(times) != 2 {
			t.Fatalf("%d requests, want 2", len(times))
		}
		// The date has whole seconds: the retry comes when it is reached.
		if gap := times[1].Sub(times[0]); gap < 6*time.Second || gap > 7*time.Second {
			t.Fatalf("retried after %v, want the 7 s the date asked for", gap)
		}
	})
}

// lowestRemaining records the lowest X-RateLimit-Remaining its handler
// answered with.
type lowestRemaining struct {
	next http.Handler
	mu   sync.Mutex
	low  int
}

func (l *lowestRemaining) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.next.ServeHTTP(remainingWriter{ResponseWriter: w, l: l}, r)
}

type remainingWriter struct {
	http.ResponseWriter
	l *lowestRemaining
}

func (w remainingWriter) WriteHeader(status int) {
	if n, err := strconv.Atoi(w.Header().Get("X-RateLimit-Remaining")); err == nil {
		w.l.mu.Lock()
		w.l.low = min(w.l.low, n)
		w.l.mu.Unlock()
	}
	w.ResponseWriter.WriteHeader(status)
}

// TestAnAnnouncedRateIsNotOutrun reads 200 list pages, ten in flight, 50
// ms each, from a sandbox allowing 50 requests per second with a bucket of
// 10 and announcing that rate (RateLimit-Policy), on a fake clock, as a
// bulk export does. The client keeps to the announced rate rather than
// probe above it: the bucket never runs low, so a request arriving a
// little early (real networks jitter; this one does not) is never refused
// and never costs a Retry-After pause. Probing above the rate drained the
// bucket to its last token.
func TestAnAnnouncedRateIsNotOutrun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const perSecond, pages, burst = 50, 200, 10
		sb, err := sandbox.New(sandbox.Options{Seed: seedArticles(pages * 5), PageSize: 5, RateLimit: perSecond, Burst: burst, Latency: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		low := &lowestRemaining{next: sb, low: burst}
		hc, stop := serveMem(t, low)
		defer stop()
		c, err := New(Options{BaseURL: memBaseURL, APIKey: testKey, HTTPClient: hc, Parallelism: 10})
		if err != nil {
			t.Fatal(err)
		}
		list, err := c.List(context.Background(), "demo", resource.KindArticle, provider.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		refused := 0
		for _, r := range sb.Requests() {
			if r.Status == http.StatusTooManyRequests {
				refused++
			}
		}
		if len(list) != pages*5 || refused != 0 {
			t.Errorf("%d articles listed, %d requests answered 429, want %d and none", len(list), refused, pages*5)
		}
		if rate := c.limiter.currentRate(); rate > perSecond {
			t.Errorf("the client paces at %.1f/s, above the %d/s the server announced", rate, perSecond)
		}
		if low.low < burst/2 {
			t.Errorf("the bucket of %d ran down to %d: the client outran the announced rate", burst, low.low)
		}
	})
}
