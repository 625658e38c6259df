package octocom

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestDefaultParallelismKeepsTenRequestsInFlight: a client built without
// Options.Parallelism (the --parallelism default) keeps ten requests in
// flight against a slow server, never more, on a synctest fake clock.
func TestDefaultParallelismKeepsTenRequestsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var inFlight, most atomic.Int32
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := inFlight.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(50 * time.Millisecond)
			inFlight.Add(-1)
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{}`))
		})
		hc, stop := serveMem(t, h)
		defer stop()
		c, err := New(Options{BaseURL: memBaseURL, APIKey: testKey, HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 40 {
			wg.Go(func() {
				if _, err := c.do(context.Background(), call{method: http.MethodGet, path: "/businesses"}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := most.Load(); got != 10 {
			t.Errorf("at most %d requests in flight, want 10", got)
		}
		if c.Parallelism() != 10 {
			t.Errorf("Parallelism() = %d, want 10", c.Parallelism())
		}
	})
}
